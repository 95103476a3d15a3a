import { forwardRef, type SelectHTMLAttributes } from 'react';
import { inputClass } from './Field';

/** A native select styled like the other inputs (native: keyboard, screen readers and phones handle it best). */
export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function Select(
  { className, children, ...rest },
  ref,
) {
  return (
    <select ref={ref} className={[inputClass, className].filter(Boolean).join(' ')} {...rest}>
      {children}
    </select>
  );
});
