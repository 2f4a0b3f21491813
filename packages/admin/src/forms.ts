/** Form fields that show the API's validation issues next to the field, with the entered value kept. */
import type { ApiError } from './admin-api.ts';
import { html, type SafeHtml } from './html.ts';

export type FieldErrors = Record<string, string>;

export interface FormErrors {
  fields: FieldErrors;
  /** An error that belongs to no one field (or to a field the form does not show). */
  general: string | null;
}

/**
 * The API's issues by form field: validation details (`body.email`) by their last path segment, and coded errors
 * that concern one field (EMAIL_TAKEN → email) through `fieldOfCode`.
 */
export function formErrorsOf(error: ApiError | null, shownFields: string[], fieldOfCode: Record<string, string> = {}): FormErrors {
  const result: FormErrors = { fields: {}, general: null };
  if (error === null) return result;
  const details = Array.isArray(error.details) ? (error.details as Array<{ path?: string; message?: string }>) : [];
  for (const issue of details) {
    const name = (issue.path ?? '').split('.').slice(1).join('.') || (issue.path ?? '');
    if (shownFields.includes(name)) result.fields[name] ??= issue.message ?? 'is invalid';
    else result.general ??= `${name || 'request'}: ${issue.message ?? 'is invalid'}`;
  }
  const field = fieldOfCode[error.code];
  if (field !== undefined && shownFields.includes(field)) result.fields[field] = error.message;
  else if (details.length === 0) result.general = error.message;
  return result;
}

export const csrfInput = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

interface FieldOptions {
  name: string;
  label: string;
  value?: string | null;
  error?: string | undefined;
  type?: string;
  required?: boolean;
  placeholder?: string;
}

export function inputField({ name, label, value, error, type = 'text', required, placeholder }: FieldOptions): SafeHtml {
  return html`<div class="field ${error ? 'has-error' : ''}">
    <label for="f-${name}">${label}</label>
    <input id="f-${name}" name="${name}" type="${type}" value="${type === 'password' ? '' : (value ?? '')}" ${required ? html`required` : ''} placeholder="${placeholder ?? ''}">
    ${error ? html`<span class="error" data-error-for="${name}">${error}</span>` : ''}
  </div>`;
}

export function selectField(options: FieldOptions & { choices: Array<{ value: string; label: string }> }): SafeHtml {
  const { name, label, value, error, choices } = options;
  return html`<div class="field ${error ? 'has-error' : ''}">
    <label for="f-${name}">${label}</label>
    <select id="f-${name}" name="${name}">
      ${choices.map((choice) => html`<option value="${choice.value}" ${choice.value === (value ?? '') ? html`selected` : ''}>${choice.label}</option>`)}
    </select>
    ${error ? html`<span class="error" data-error-for="${name}">${error}</span>` : ''}
  </div>`;
}

export function checkboxField({ name, label, checked }: { name: string; label: string; checked: boolean }): SafeHtml {
  return html`<div class="field"><label><input type="checkbox" name="${name}" value="on" ${checked ? html`checked` : ''}> ${label}</label></div>`;
}

/** Form bodies arrive as strings; an empty field means "not given". */
export function formValue(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : value;
}
