import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ProblemError } from '@/api/problem';
import common from '@/locales/en/common.json';
import imports from '@/locales/en/imports.json';
import { ReadOptionsForm } from './ReadOptions';

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en', ns: ['common', 'imports'], defaultNS: 'common', resources: { en: { common, imports } },
    interpolation: { escapeValue: false }, showSupportNotice: false,
  });
});

describe('how the file is read', { timeout: 30_000 }, () => {
  it('shows nothing for a service that reports neither encoding, delimiter nor sheets', () => {
    const { container } = render(<ReadOptionsForm job={{}} canReread busy={false} onReread={() => undefined} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('shows what was detected and reads the file again with the person\'s choice', async () => {
    const onReread = vi.fn();
    render(<ReadOptionsForm job={{ format: 'csv', encoding: 'UTF-8', delimiter: ',' }} canReread busy={false} onReread={onReread} />);
    expect(screen.getByText('Detected: UTF-8')).toBeInTheDocument();
    expect(screen.getByText('Detected: Comma ( , )')).toBeInTheDocument();
    const again = screen.getByRole('button', { name: 'Read again' });
    expect(again).toBeDisabled();
    await userEvent.selectOptions(screen.getByLabelText('Encoding'), 'windows-1251');
    await userEvent.selectOptions(screen.getByLabelText('Delimiter'), ';');
    await userEvent.click(again);
    expect(onReread).toHaveBeenCalledWith({ encoding: 'windows-1251', delimiter: ';', sheet: undefined });
  });

  it('puts a refusal naming the encoding beside the encoding, even before anything was detected', () => {
    const error = new ProblemError(400, { title: 'Bad request', errors: [{ field: 'encoding', message: 'cannot tell: choose one' }] });
    render(<ReadOptionsForm error={error} canReread busy={false} onReread={() => undefined} />);
    const encoding = screen.getByLabelText('Encoding');
    expect(encoding).toHaveAttribute('aria-invalid', 'true');
    expect(encoding).toHaveAccessibleDescription('cannot tell: choose one');
    expect(screen.queryByLabelText('Delimiter')).toBeNull();
  });

  it('offers the sheets of a workbook', async () => {
    const onReread = vi.fn();
    render(<ReadOptionsForm job={{ format: 'xlsx', sheets: ['Leads', 'Old'], sheet: 'Leads' }} canReread={false} busy={false} onReread={onReread} />);
    expect(screen.getByRole('option', { name: 'Old' })).toBeInTheDocument();
    expect(screen.getByText('Choose the file again to read it differently.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Encoding')).toBeNull();
  });
});
