import type { ReactNode } from 'react';

/** A link into the Temporal Web UI: another application, so a new tab keeps the console where it was. */
export function WebUiLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noreferrer">
      {children}
      <span className="visually-hidden"> (opens the Temporal Web UI in a new tab)</span>
    </a>
  );
}
