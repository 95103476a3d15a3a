import { describe, expect, it } from 'vitest';
import { ProblemError } from '@/api/problem';
import { describeFileProblem, formatFileSize } from './fileProblems';

const t = (key: string, options?: Record<string, unknown>) => `${key} ${JSON.stringify(options ?? {})}`;
const size = (bytes: number) => `${bytes}B`;

describe('describeFileProblem', () => {
  it('names both types of a mislabelled file', () => {
    const error = new ProblemError(415, {
      type: 'https://pulsecrm.io/problems/file-type-mismatch', title: 'x', declaredType: 'image/png', detectedType: 'application/pdf',
    });
    expect(describeFileProblem(error, t, size)).toBe('problem.mismatch {"declared":"image/png","detected":"application/pdf","max":""}');
  });

  it('states the limit of an oversize file, also when only the status says so', () => {
    const typed = new ProblemError(413, { type: 'https://pulsecrm.io/problems/file-too-large', maxBytes: 26214400 });
    expect(describeFileProblem(typed, t, size)).toContain('"max":"26214400B"');
    const bare = new ProblemError(413, { type: 'https://pulsecrm.io/problems/payload-too-large' });
    expect(describeFileProblem(bare, t, size)).toContain('problem.tooLarge');
  });

  it('leaves other problems to the generic view', () => {
    expect(describeFileProblem(new ProblemError(404, { type: 'https://pulsecrm.io/problems/not-found' }), t, size)).toBeNull();
    expect(describeFileProblem(new Error('boom'), t, size)).toBeNull();
  });
});

describe('formatFileSize', () => {
  it('picks the unit people read', () => {
    expect(formatFileSize(512, 'en')).toBe('512 byte');
    expect(formatFileSize(1536, 'en')).toBe('1.5 kB');
    expect(formatFileSize(25 * 1024 * 1024, 'en')).toBe('25 MB');
    expect(formatFileSize(25 * 1024 * 1024, 'ru')).toMatch(/^25\sМБ$/);
  });
});
