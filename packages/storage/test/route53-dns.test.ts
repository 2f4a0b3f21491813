/**
 * Route53 at the SDK boundary (aws-sdk-client-mock): the exact change batch sent, following a change to INSYNC,
 * failures, and throttling retried with backoff (bounded).
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  NoSuchChange,
  PriorRequestNotComplete,
  Route53Client,
  ThrottlingException,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRoute53Dns, isRetryableRoute53Error } from '../src/route53-dns.ts';

const route53 = mockClient(Route53Client);
let sleeps: number[];

function dns(overrides: { maxAttempts?: number; maxPolls?: number } = {}) {
  return createRoute53Dns({
    client: new Route53Client({ region: 'us-east-1' }),
    hostedZoneId: 'Z0123456789ABC',
    cnameTarget: 'edge.smoothschedule.example',
    pollIntervalMs: 1_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

beforeEach(() => {
  route53.reset();
  sleeps = [];
});

describe('upsertCname', () => {
  it('sends one UPSERT of a CNAME to the platform target in the hosted zone', async () => {
    route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
    expect(await dns().upsertCname('book.acme.example')).toEqual({ changeId: '/change/C1', status: 'PENDING' });
    const calls = route53.commandCalls(ChangeResourceRecordSetsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      HostedZoneId: 'Z0123456789ABC',
      ChangeBatch: {
        Comment: 'Smooth Schedule custom domain book.acme.example',
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: 'book.acme.example',
              Type: 'CNAME',
              TTL: 300,
              ResourceRecords: [{ Value: 'edge.smoothschedule.example' }],
            },
          },
        ],
      },
    });
  });

  it('retries throttling with doubling backoff, then succeeds', async () => {
    route53
      .on(ChangeResourceRecordSetsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(new PriorRequestNotComplete({ message: 'busy', $metadata: {} }))
      .resolves({ ChangeInfo: { Id: '/change/C2', Status: 'PENDING', SubmittedAt: new Date() } });
    expect((await dns().upsertCname('book.acme.example')).changeId).toBe('/change/C2');
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('gives up after the attempts allowed, with the throttling error', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(throttled());
    await expect(dns({ maxAttempts: 3 }).upsertCname('book.acme.example')).rejects.toBeInstanceOf(ThrottlingException);
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('does not retry a refusal (InvalidChangeBatch)', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(new InvalidChangeBatch({ message: 'bad record', $metadata: {} }));
    await expect(dns().upsertCname('book.acme.example')).rejects.toBeInstanceOf(InvalidChangeBatch);
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('waitForInsync', () => {
  it('polls GetChange with the change id until INSYNC', async () => {
    route53
      .on(GetChangeCommand, { Id: '/change/C1' })
      .resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
      .resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    expect(await dns().waitForInsync('/change/C1')).toBe('INSYNC');
    expect(route53.commandCalls(GetChangeCommand).map((call) => call.args[0].input)).toEqual([
      { Id: '/change/C1' },
      { Id: '/change/C1' },
      { Id: '/change/C1' },
    ]);
    expect(sleeps).toEqual([1_000, 1_000]);
  });

  it('stops after the polls allowed and answers PENDING', async () => {
    route53.on(GetChangeCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
    expect(await dns({ maxPolls: 3 }).waitForInsync('/change/C1')).toBe('PENDING');
    expect(route53.commandCalls(GetChangeCommand)).toHaveLength(3);
  });

  it('retries a throttled poll, and lets a missing change fail', async () => {
    route53
      .on(GetChangeCommand)
      .rejectsOnce(throttled())
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    expect(await dns().waitForInsync('/change/C1')).toBe('INSYNC');
    route53.reset();
    route53.on(GetChangeCommand).rejects(new NoSuchChange({ message: 'no change /change/X', $metadata: {} }));
    await expect(dns().waitForInsync('/change/X')).rejects.toBeInstanceOf(NoSuchChange);
  });
});

describe('deleteCname', () => {
  it('sends the DELETE of the same record', async () => {
    route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/D1', Status: 'PENDING', SubmittedAt: new Date() } });
    expect(await dns().deleteCname('book.acme.example')).toBe(true);
    const input = route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input;
    expect(input.ChangeBatch?.Changes).toEqual([
      {
        Action: 'DELETE',
        ResourceRecordSet: { Name: 'book.acme.example', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'edge.smoothschedule.example' }] },
      },
    ]);
  });

  it('treats a record that is already gone as deleted, and any other refusal as an error', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(
      new InvalidChangeBatch({ message: "Tried to delete resource record set [name='book.acme.example.', type='CNAME'] but it was not found", $metadata: {} }),
    );
    expect(await dns().deleteCname('book.acme.example')).toBe(false);
    route53.reset();
    route53.on(ChangeResourceRecordSetsCommand).rejects(new InvalidChangeBatch({ message: 'values do not match', $metadata: {} }));
    await expect(dns().deleteCname('book.acme.example')).rejects.toBeInstanceOf(InvalidChangeBatch);
  });
});

describe('isRetryableRoute53Error', () => {
  it.each([
    [throttled(), true],
    [new PriorRequestNotComplete({ message: '', $metadata: {} }), true],
    [Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }), true],
    [Object.assign(new Error('x'), { $retryable: { throttling: true } }), true],
    [new InvalidChangeBatch({ message: '', $metadata: {} }), false],
    [new NoSuchChange({ message: '', $metadata: { httpStatusCode: 404 } }), false],
    [null, false],
  ])('%s → %s', (error, expected) => {
    expect(isRetryableRoute53Error(error)).toBe(expected);
  });
});
