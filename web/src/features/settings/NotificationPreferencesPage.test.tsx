import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, setApi } from '@/api/client';
import common from '@/locales/en/common.json';
import settings from '@/locales/en/settings.json';
import { NotificationPreferencesPage } from './NotificationPreferencesPage';

let puts: unknown[] = [];
let answers: Response[] = [];

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), {
  status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
});

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en', ns: ['common', 'settings'], defaultNS: 'common', resources: { en: { common, settings } },
    interpolation: { escapeValue: false }, showSupportNotice: false,
  });
});

beforeEach(() => {
  puts = [];
  answers = [json(200, { userId: 'ada', channels: {}, defaultChannels: ['in_app', 'email'], timeZone: 'Europe/Berlin' })];
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    if (request.method === 'PUT') puts.push(JSON.parse(await request.text()));
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected ${request.method} ${request.url}`);
    return answer;
  }));
  setApi(createApi({ accessToken: () => 'token', expired: () => undefined }, 'http://pulse.test'));
});

describe('notification preferences', { timeout: 30_000 }, () => {
  it('shows a refused quiet-hours window beside its field, keeps what was typed, and saves it corrected', async () => {
    const user = userEvent.setup();
    render(<QueryClientProvider client={new QueryClient()}><NotificationPreferencesPage /></QueryClientProvider>);

    await user.click(await screen.findByLabelText('Hold emails during quiet hours'));
    const from = screen.getByLabelText('From');
    const until = screen.getByLabelText('Until');
    await user.clear(until);
    await user.type(until, '22:00');
    await user.click(screen.getByLabelText('My team wins a deal: Email'));
    answers.push(json(400, {
      title: 'Invalid request', status: 400, errors: [{ field: 'quietHours.end', message: 'must differ from the start' }],
    }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('must differ from the start')).toBeVisible();
    expect(until).toHaveAttribute('aria-invalid', 'true');
    expect(until).toHaveValue('22:00');
    expect(from).toHaveValue('22:00');
    expect(puts[0]).toMatchObject({
      timeZone: 'Europe/Berlin', quietHours: { start: '22:00', end: '22:00' },
      channels: { team_deal_won: ['in_app'], deal_won: ['in_app', 'email'] },
    });
    expect(puts[0]).not.toHaveProperty('digest');

    answers.push(json(200, {
      userId: 'ada', channels: { team_deal_won: ['in_app'] }, defaultChannels: ['in_app', 'email'], timeZone: 'Europe/Berlin',
      quietHours: { start: '22:00:00', end: '07:00:00' },
    }));
    await user.clear(until);
    await user.type(until, '07:00');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(puts).toHaveLength(2));
    expect(puts[1]).toMatchObject({ quietHours: { start: '22:00', end: '07:00' } });
    await waitFor(() => expect(screen.queryByText('must differ from the start')).toBeNull());
    expect(screen.getByLabelText('My team wins a deal: Email')).not.toBeChecked();
  });
});
