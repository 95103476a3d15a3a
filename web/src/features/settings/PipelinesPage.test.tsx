import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, setApi } from '@/api/client';
import { SessionProvider } from '@/auth/AuthContext';
import type { Role, Session } from '@/auth/session';
import common from '@/locales/en/common.json';
import settings from '@/locales/en/settings.json';
import type { Pipeline } from './api';
import { PipelinesPage } from './PipelinesPage';
import { AdminSection } from './SettingsLayout';

interface Call { method: string; path: string; ifMatch: string | null; body: unknown }
let calls: Call[] = [];
let answers: Response[] = [];

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), {
  status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
});

const pipeline: Pipeline = {
  id: 'p', name: 'Sales', version: 3, lostReasons: ['Price'], stages: [
    { id: 'lead', name: 'Lead', kind: 'open', probability: 10, position: 0 },
    { id: 'demo', name: 'Demo', kind: 'open', probability: 40, position: 1, stallAfter: 'P14D' },
    { id: 'won', name: 'Won', kind: 'won', probability: 100, position: 2 },
    { id: 'lost', name: 'Lost', kind: 'lost', probability: 0, position: 3 },
  ],
};

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en', ns: ['common', 'settings'], defaultNS: 'common', resources: { en: { common, settings } },
    interpolation: { escapeValue: false }, showSupportNotice: false,
  });
});

beforeEach(() => {
  calls = [];
  answers = [];
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    const text = await request.text();
    const url = new URL(request.url);
    calls.push({ method: request.method, path: url.pathname, ifMatch: request.headers.get('If-Match'), body: text ? JSON.parse(text) : undefined });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected ${request.method} ${request.url}`);
    return answer;
  }));
  setApi(createApi({ accessToken: () => 'token', expired: () => undefined }, 'http://pulse.test'));
});

function renderAs(role: Role) {
  const session = {
    me: { id: 'u', name: 'U', email: undefined, roles: [role], team: undefined },
    subscribe: () => () => undefined,
  } as unknown as Session;
  render(
    <SessionProvider session={session}>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={['/settings/pipelines']}>
          <Routes>
            <Route element={<AdminSection />}>
              <Route path="/settings/pipelines" element={<PipelinesPage />} />
            </Route>
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </SessionProvider>,
  );
}

describe('pipelines and stages', { timeout: 30_000 }, () => {
  it('adds an open stage after the open ones with its required fields, showing a refusal beside its field', async () => {
    const user = userEvent.setup();
    answers.push(json(200, { items: [pipeline] }));
    renderAs('admin');
    expect(await screen.findByText('Stalled after 14 days')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Add stage' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Proposal');
    const probability = screen.getByLabelText('Probability (%)');
    await user.clear(probability);
    await user.type(probability, '70');
    await user.type(screen.getByLabelText('Stalled after (days)'), '21');
    await user.click(screen.getByLabelText('Amount'));
    answers.push(json(400, { title: 'Invalid request', status: 400, errors: [{ field: 'probability', message: 'must be at most 100' }] }));
    await user.click(dialog.querySelector('button[type=submit]')!);

    expect(await screen.findByText('must be at most 100')).toBeVisible();
    expect(probability).toHaveAttribute('aria-invalid', 'true');
    expect(calls[1]).toEqual({
      method: 'POST', path: '/api/pipelines/p/stages', ifMatch: '"3"',
      body: { name: 'Proposal', requiredFields: ['amount'], probability: 70, stallAfter: 'P21D', kind: 'open', position: 2 },
    });

    const added = { ...pipeline, version: 4, stages: [...pipeline.stages!.slice(0, 2),
      { id: 'proposal', name: 'Proposal', kind: 'open' as const, probability: 70, requiredFields: ['amount'] }, ...pipeline.stages!.slice(2)] };
    answers.push(json(201, added), json(200, { items: [added] }));
    await user.click(dialog.querySelector('button[type=submit]')!);
    expect(await screen.findByText('Requires: Amount')).toBeVisible();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks where a removed stage\'s deals go, among the stages of its kind', async () => {
    const user = userEvent.setup();
    answers.push(json(200, { items: [pipeline] }));
    renderAs('admin');
    await user.click(await screen.findByRole('button', { name: 'Remove stage Demo' }));
    expect(screen.getByLabelText('Move its deals to')).toHaveDisplayValue('Lead');
    answers.push(json(200, { ...pipeline, version: 4, stages: pipeline.stages!.filter((s) => s.id !== 'demo') }), json(200, { items: [] }));
    await user.click(screen.getByRole('button', { name: 'Remove stage' }));
    await waitFor(() => expect(calls[1]).toMatchObject({ method: 'DELETE', path: '/api/pipelines/p/stages/demo', ifMatch: '"3"' }));
  });

  it('is not allowed to a rep, who causes no API call', () => {
    renderAs('rep');
    expect(screen.getByText('Not allowed')).toBeVisible();
    expect(calls).toEqual([]);
  });
});
