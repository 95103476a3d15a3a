import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { useState } from 'react';
import { initReactI18next } from 'react-i18next';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, setApi } from '@/api/client';
import automation from '@/locales/en/automation.json';
import common from '@/locales/en/common.json';
import { ActionList } from './ActionEditor';
import { ErrorsContext, type RuleErrors } from './errors';
import { fieldChoices, newAction, type Action } from './model';

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en', ns: ['common', 'automation'], defaultNS: 'common', resources: { en: { common, automation } },
    interpolation: { escapeValue: false }, showSupportNotice: false,
  });
});

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    const path = new URL(typeof request === 'string' ? request : request.url).pathname;
    const body = path === '/api/teams' ? [{ id: 'east', name: 'East', memberIds: ['ada'] }]
      : [{ id: 'ada', name: 'Ada Lovelace', roles: ['rep'], team: 'east' }];
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }));
  setApi(createApi({ accessToken: () => 'token', expired: () => undefined }, 'http://pulse.test'));
});

let latest: Action[] = [];

function Editor({ initial, errors = {} }: { initial: Action[]; errors?: RuleErrors }) {
  const [actions, setActions] = useState(initial);
  latest = actions;
  return (
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ErrorsContext.Provider value={errors}>
        <ActionList actions={actions} path="actions" recordTypes={['deal']} choices={fieldChoices(['deal'])} webhooks={false}
          onChange={setActions} />
      </ErrorsContext.Provider>
    </QueryClientProvider>
  );
}

describe('the action editor', () => {
  it('shows the service\'s problems beside the fields they name, inside branches too', () => {
    const task = { ...newAction('create_task'), title: 'Call {{deal.title}}', dueIn: 'soon' } as Action;
    const branch: Action = { type: 'branch', if: { kind: 'group', match: 'all', negate: false,
      items: [{ kind: 'leaf', field: 'deal.amount', op: 'gte', value: 'big' }] }, then: [task], else: [] };
    render(<Editor initial={[branch]} errors={{
      'actions[0].then[0].dueIn': 'is not an ISO-8601 duration',
      'actions[0].if.all[0].value': 'must be a number',
    }} />);

    const dueIn = screen.getByLabelText('Due in');
    expect(dueIn).toHaveAttribute('aria-invalid', 'true');
    expect(dueIn).toHaveAccessibleDescription(expect.stringContaining('is not an ISO-8601 duration'));
    expect(screen.getByLabelText('Value')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Title', { exact: false })).not.toHaveAttribute('aria-invalid');
  });

  it('adds, reorders and removes actions, offering only those that fit the trigger\'s records', async () => {
    const user = userEvent.setup();
    render(<Editor initial={[]} />);
    const add = screen.getByLabelText('Add an action');
    const offered = within(add).getAllByRole('option').map((option) => option.getAttribute('value'));
    expect(offered).toContain('move_stage');
    expect(offered).not.toContain('add_tag'); // contacts only
    expect(offered).not.toContain('webhook'); // admins only

    await user.selectOptions(add, 'wait');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    await user.selectOptions(add, 'create_task');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(latest.map((action) => action.type)).toEqual(['wait', 'create_task']);

    await user.click(screen.getByRole('button', { name: 'Move action 2 up' }));
    expect(latest.map((action) => action.type)).toEqual(['create_task', 'wait']);
    await user.click(screen.getByRole('button', { name: 'Remove action 2' }));
    expect(latest).toEqual([newAction('create_task')]);
  });
});
