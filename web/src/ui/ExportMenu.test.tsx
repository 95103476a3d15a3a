import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ProblemError } from '@/api/problem';
import common from '@/locales/en/common.json';
import ru from '@/locales/ru/common.json';
import { ExportMenu } from './ExportButton';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    lng: 'en', resources: { en: { common } }, ns: ['common'], defaultNS: 'common',
    interpolation: { escapeValue: false }, showSupportNotice: false,
  });
});

function menu(onExport: (kind: string) => Promise<void>, kinds?: ('csv' | 'csv-semicolon' | 'xlsx')[]) {
  return render(<I18nextProvider i18n={i18n}><ExportMenu onExport={onExport} kinds={kinds} /></I18nextProvider>);
}

describe('ExportMenu', () => {
  it('offers the three kinds and exports the one chosen, by mouse or keyboard', async () => {
    const onExport = vi.fn(async () => undefined);
    menu(onExport);
    const trigger = screen.getByRole('button', { name: /Export/ });
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(trigger);
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'CSV (comma)', 'CSV (semicolon, Excel in Russian/European locales)', 'Excel (.xlsx)',
    ]);
    await userEvent.click(screen.getByRole('menuitem', { name: 'Excel (.xlsx)' }));
    expect(onExport).toHaveBeenLastCalledWith('xlsx');
    expect(screen.queryByRole('menu')).toBeNull();

    // by keyboard: the menu opens on its first item
    trigger.focus();
    await userEvent.keyboard('{Enter}');
    expect(document.activeElement?.textContent).toBe('CSV (comma)');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(onExport).toHaveBeenLastCalledWith('csv-semicolon');

    trigger.focus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('shows why an export failed beside the menu', async () => {
    menu(async () => {
      throw ProblemError.fromBody(400, { status: 400, title: 'Bad request', detail: 'format: not a format' });
    }, ['csv']);
    await userEvent.click(screen.getByRole('button', { name: /Export/ }));
    await userEvent.click(screen.getByRole('menuitem', { name: 'CSV (comma)' }));
    expect(await screen.findByText(/not a format/)).toBeTruthy();
  });

  it('is labelled in Russian too', () => {
    expect(Object.keys(ru.export.kind)).toEqual(Object.keys(common.export.kind));
    expect(ru.export.kind['csv-semicolon']).toContain('точка с запятой');
  });
});
