import { describe, expect, it } from 'vitest';
import { mergeTag } from './api';

describe('mergeTag', () => {
  it('writes a field in double braces', () => {
    expect(mergeTag({ name: 'deal.title', description: '' })).toBe('{{deal.title}}');
    expect(mergeTag({ name: 'total', description: '', section: 'lineItems' })).toBe('{{total}}');
  });

  it('opens and closes the line-items section around a row', () => {
    const tag = mergeTag({ name: 'lineItems', description: '' });
    expect(tag.startsWith('{{#lineItems}}')).toBe(true);
    expect(tag.endsWith('{{/lineItems}}')).toBe(true);
  });

  it('gives a custom field a key to replace', () => {
    expect(mergeTag({ name: 'deal.customFields.<key>', description: '' })).toBe('{{deal.customFields.key}}');
  });
});
