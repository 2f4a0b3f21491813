/**
 * pnpm user:create-superuser --email admin@example.com --password '…' [--first-name Ada] [--last-name Admin]
 * On a terminal, missing flags are asked for (the password without echo); elsewhere they are an error (exit 2).
 */
import { parseArgs } from 'node:util';
import { createUserRepository, createUserService } from '@smoothschedule/auth';
import { withCliDatabase } from './lib/cli-database.ts';
import { ask, askSecret, isInteractive } from './lib/prompt.ts';

const USAGE = `Usage: pnpm user:create-superuser --email <email> --password <password> [--first-name <name>] [--last-name <name>]
  On a terminal, missing flags are prompted for.`;

interface Flags {
  email?: string;
  password?: string;
  'first-name'?: string;
  'last-name'?: string;
  help?: boolean;
}

async function completeFlags(values: Flags): Promise<Required<Omit<Flags, 'help'>> | null> {
  const missing = (['email', 'password'] as const).filter((flag) => values[flag] === undefined);
  if (missing.length > 0 && !isInteractive()) {
    console.error(`Missing ${missing.map((flag) => `--${flag}`).join(', ')}\n${USAGE}`);
    return null;
  }
  // Names have defaults; they are asked for only when the command is asking anyway.
  const prompting = missing.length > 0;
  return {
    email: values.email ?? (await ask('Email')),
    password: values.password ?? (await askSecret('Password (10–200 characters)')),
    'first-name': values['first-name'] ?? (prompting ? await ask('First name', 'Super') : 'Super'),
    'last-name': values['last-name'] ?? (prompting ? await ask('Last name', 'User') : 'User'),
  };
}

async function main(): Promise<number> {
  let values: Flags;
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const flags = await completeFlags(values);
  if (!flags) return 2;

  return withCliDatabase(async (database) => {
    const user = await createUserService(createUserRepository(database.shared)).createByOperator({
      email: flags.email,
      password: flags.password,
      firstName: flags['first-name'],
      lastName: flags['last-name'],
      role: 'SUPERUSER',
    });
    console.log(`Created superuser ${user.email} (id ${user.id}); log in on a platform host such as localhost`);
    return 0;
  });
}

// process.exit, not exitCode: the embedded PostgreSQL package installs exit hooks that would force 0.
process.exit(await main());
