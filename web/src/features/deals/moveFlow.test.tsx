import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, setApi } from '@/api/client';
import common from '@/locales/en/common.json';
import deals from '@/locales/en/deals.json';
import type { Deal, Pipeline, Stage } from './api';
import { useMoveFlow, type MoveCallbacks } from './moveFlow';

const demo: Stage = { id: 'demo', name: 'Demo', kind: 'open', probability: 40, requiredFields: [] };
const lost: Stage = { id: 'lost', name: 'Lost', kind: 'lost', probability: 0 };
const pipeline: Pipeline = { id: 'p', name: 'Sales', lostReasons: ['Price', 'Timing'], stages: [demo, lost] };
const deal: Deal = { id: 'd1', title: 'Anvils', version: 1, stageId: 'lead', status: 'open', contacts: [] };

interface Call {
  method: string;
  path: string;
  ifMatch: string | null;
  body: unknown;
}

let calls: Call[] = [];
let answers: Response[] = [];

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en', ns: ['common', 'deals'], defaultNS: 'common', resources: { en: { common, deals } },
    interpolation: { escapeValue: false }, showSupportNotice: false,
  });
});

beforeEach(() => {
  calls = [];
  answers = [];
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    const text = await request.text();
    calls.push({
      method: request.method, path: new URL(request.url).pathname, ifMatch: request.headers.get('If-Match'),
      body: text ? JSON.parse(text) : undefined,
    });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected ${request.method} ${request.url}`);
    return answer;
  }));
  setApi(createApi({ accessToken: () => 'token', expired: () => undefined }, 'http://pulse.test'));
});

function Harness({ stage, callbacks }: { stage: Stage; callbacks: MoveCallbacks }) {
  const flow = useMoveFlow(pipeline, callbacks);
  return (
    <>
      <button type="button" onClick={() => flow.request(deal, stage)}>go</button>
      {flow.dialog}
    </>
  );
}

function renderFlow(stage: Stage) {
  const callbacks = { begin: vi.fn(), succeeded: vi.fn(), failed: vi.fn() };
  render(
    <QueryClientProvider client={new QueryClient()}>
      <Harness stage={stage} callbacks={callbacks} />
    </QueryClientProvider>,
  );
  return callbacks;
}

describe('moving a deal', { timeout: 30_000 }, () => {
  it('takes a refused move back, asks for the fields the service named beside its message, then saves and moves', async () => {
    const user = userEvent.setup();
    // the pipeline as the browser knows it requires nothing; the service now requires a close date
    answers.push(json(400, {
      title: 'Invalid request', status: 400, detail: 'Stage \'Demo\' requires fields the deal does not have',
      errors: [{ field: 'expectedCloseDate', message: 'is required in stage \'Demo\'' }],
    }));
    const callbacks = renderFlow(demo);

    await user.click(screen.getByText('go'));

    const input = await screen.findByLabelText(/Expected close/);
    expect(callbacks.begin).toHaveBeenCalledTimes(1);
    expect(callbacks.failed).toHaveBeenCalledTimes(1);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('is required in stage \'Demo\'');
    expect(calls).toEqual([{ method: 'POST', path: '/api/deals/d1/move', ifMatch: '"1"', body: { stageId: 'demo' } }]);

    answers.push(json(200, { ...deal, version: 2, expectedCloseDate: '2027-03-01' }));
    answers.push(json(200, { ...deal, version: 3, stageId: 'demo', expectedCloseDate: '2027-03-01' }));
    await user.type(input, '2027-03-01');
    await user.click(screen.getByRole('button', { name: 'Move' }));

    await waitFor(() => expect(callbacks.succeeded).toHaveBeenCalledTimes(1));
    expect(calls.slice(1)).toEqual([
      { method: 'PATCH', path: '/api/deals/d1', ifMatch: '"1"', body: { expectedCloseDate: '2027-03-01' } },
      { method: 'POST', path: '/api/deals/d1/move', ifMatch: '"2"', body: { stageId: 'demo' } },
    ]);
    expect(callbacks.succeeded.mock.calls[0]![1]).toMatchObject({ version: 3, stageId: 'demo' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks why a deal was lost, offering the pipeline\'s reasons, and sends the one chosen', async () => {
    const user = userEvent.setup();
    const callbacks = renderFlow(lost);

    await user.click(screen.getByText('go'));
    const reason = await screen.findByLabelText(/Reason/);
    expect(callbacks.begin).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Mark as lost' }));
    expect(await screen.findByText('Choose why the deal was lost')).toBeVisible();
    expect(calls).toEqual([]);

    answers.push(json(200, { ...deal, version: 2, status: 'lost', lostReason: 'Timing' }));
    await user.selectOptions(reason, 'Timing');
    await user.type(screen.getByLabelText('Note'), 'Next year');
    await user.click(screen.getByRole('button', { name: 'Mark as lost' }));

    await waitFor(() => expect(callbacks.succeeded).toHaveBeenCalledTimes(1));
    expect(calls).toEqual([{
      method: 'POST', path: '/api/deals/d1/lose', ifMatch: '"1"', body: { reason: 'Timing', note: 'Next year', stageId: 'lost' },
    }]);
  });
});
