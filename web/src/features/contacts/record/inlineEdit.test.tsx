import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi, setApi } from '@/api/client';
import { ProblemError } from '@/api/problem';
import common from '@/locales/en/common.json';
import contacts from '@/locales/en/contacts.json';
import type { Contact } from '../api';
import { FieldRow } from './FieldRow';
import { TextEditor } from './editors';
import { useRecordSave, type SaveOutcome } from './useRecordSave';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    lng: 'en', resources: { en: { common, contacts } }, ns: ['common', 'contacts'], defaultNS: 'common',
    interpolation: { escapeValue: false }, showSupportNotice: false,
  });
});

afterEach(() => vi.unstubAllGlobals());

function wrap(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>
        <MemoryRouter>{children}</MemoryRouter>
      </QueryClientProvider>
    </I18nextProvider>
  );
}

function JobTitle({ value, save }: { value: string; save(patch: Record<string, unknown>): Promise<SaveOutcome> }) {
  return (
    <dl>
      <FieldRow<string>
        field="jobTitle"
        label="Job title"
        display={value}
        initial={() => value}
        editor={(props) => <TextEditor {...props} />}
        toPatch={(draft) => (draft.trim() ? { patch: { jobTitle: draft.trim() } } : { issue: 'This field is required' })}
        save={save}
      />
    </dl>
  );
}

describe('editing a field in place', () => {
  it('keeps what was typed when the save is refused, with the reason beside the field', async () => {
    const user = userEvent.setup();
    const save = vi.fn().mockResolvedValue({
      status: 'failed',
      error: new ProblemError(400, { title: 'Invalid request', errors: [{ field: 'jobTitle', message: 'must be at most 200 characters' }] }),
    } satisfies SaveOutcome);
    render(wrap(<JobTitle value="Analyst" save={save} />));

    await user.click(screen.getByRole('button', { name: 'Edit Job title' }));
    const input = screen.getByLabelText('Job title');
    await user.clear(input);
    await user.type(input, 'A very long title{Enter}');

    expect(save).toHaveBeenCalledWith({ jobTitle: 'A very long title' }, false);
    expect(await screen.findByRole('alert')).toHaveTextContent('must be at most 200 characters');
    expect(screen.getByLabelText('Job title')).toHaveValue('A very long title');
    expect(screen.getByLabelText('Job title')).toHaveAttribute('aria-invalid', 'true');
  });

  it('refuses an empty required value before sending anything, and Escape leaves the value as it was', async () => {
    const user = userEvent.setup();
    const save = vi.fn();
    render(wrap(<JobTitle value="Analyst" save={save} />));

    await user.click(screen.getByRole('button', { name: 'Edit Job title' }));
    await user.clear(screen.getByLabelText('Job title'));
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('This field is required');
    expect(save).not.toHaveBeenCalled();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('Analyst')).toBeInTheDocument();
  });
});

describe('a save that meets someone else\'s change (409)', () => {
  const base: Contact = { id: 'c1', version: 0, firstName: 'Ada', jobTitle: 'Analyst' };
  const current: Contact = { id: 'c1', version: 1, firstName: 'Ada', jobTitle: 'Head of Data', phone: '+442071234567' };

  function Harness({ onOutcome }: { onOutcome(outcome: SaveOutcome): void }) {
    const { save, conflictDialog } = useRecordSave('contact', {
      label: (field) => (field === 'jobTitle' ? 'Job title' : field),
      value: (_field, value) => String(value ?? ''),
    });
    return (
      <>
        <button type="button" onClick={() => void save(base, { jobTitle: 'CTO' }).then(onOutcome)}>save</button>
        {conflictDialog}
      </>
    );
  }

  function stubServer(answers: Response[]) {
    const requests: Request[] = [];
    vi.stubGlobal('fetch', vi.fn(async (input: Request) => {
      requests.push(input.clone());
      const answer = answers.shift();
      if (!answer) throw new Error('unexpected request ' + input.method + ' ' + input.url);
      return answer;
    }));
    setApi(createApi({ accessToken: () => 'token', expired: () => undefined }, 'http://pulse.test'));
    return requests;
  }

  const json = (status: number, body: unknown, type = 'application/json') =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

  it('shows theirs beside the current value and, when they keep theirs, saves it again on the current version', async () => {
    const user = userEvent.setup();
    const requests = stubServer([
      json(409, { type: 'https://pulsecrm.io/problems/version-conflict', title: 'Version conflict', status: 409, currentVersion: 1 }, 'application/problem+json'),
      json(200, current),
      json(200, { ...current, version: 2, jobTitle: 'CTO' }),
    ]);
    const outcomes: SaveOutcome[] = [];
    render(wrap(<Harness onOutcome={(outcome) => outcomes.push(outcome)} />));

    await user.click(screen.getByRole('button', { name: 'save' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Someone else changed this in the meantime');
    expect(screen.getByTestId('conflict-mine')).toHaveTextContent('CTO');
    expect(screen.getByTestId('conflict-current')).toHaveTextContent('Head of Data');
    expect(screen.getByTestId('conflict-current')).toHaveTextContent('was: Analyst');
    expect(dialog).toHaveTextContent('Also changed meanwhile: phone');

    await user.click(screen.getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(outcomes).toEqual([{ status: 'saved' }]));
    expect(requests.map((r) => `${r.method} ${r.headers.get('If-Match') ?? ''}`)).toEqual(['PATCH "0"', 'GET ', 'PATCH "1"']);
    expect(await requests[2]?.json()).toEqual({ jobTitle: 'CTO' });
  });

  it('drops the change when they take the current value, and keeps the editor open when they edit again', async () => {
    const user = userEvent.setup();
    const conflict = () => json(409, { title: 'Version conflict', status: 409, currentVersion: 1 }, 'application/problem+json');
    const requests = stubServer([conflict(), json(200, current), conflict(), json(200, current)]);
    const outcomes: SaveOutcome[] = [];
    render(wrap(<Harness onOutcome={(outcome) => outcomes.push(outcome)} />));

    await user.click(screen.getByRole('button', { name: 'save' }));
    await user.click(await screen.findByRole('button', { name: 'Take current' }));
    await user.click(screen.getByRole('button', { name: 'save' }));
    await user.click(await screen.findByRole('button', { name: 'Edit again' }));

    await waitFor(() => expect(outcomes).toEqual([{ status: 'discarded' }, { status: 'edit' }]));
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
