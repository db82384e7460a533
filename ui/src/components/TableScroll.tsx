import type { ReactNode } from 'react';

/**
 * A wide table scrolls inside its own box on a phone rather than push the page sideways; the box
 * takes focus so that keyboard users can scroll it too (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
