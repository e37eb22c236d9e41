import type { ReactNode } from 'react';

/**
 * A section of the household's page folded to one line (issue 18: finished sections collapsed): its
 * title and a one-line hint of what is inside ("所有资格条件均已满足。"), opened with a tap.
 */
export function Fold({
  section,
  title,
  hint,
  open = false,
  children,
}: {
  section: string;
  title: string;
  hint?: ReactNode;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="card fold" data-section={section} open={open}>
      <summary>
        <span className="fold__title">{title}</span>
        {hint && <span className="fold__hint">{hint}</span>}
      </summary>
      <div className="fold__body">{children}</div>
    </details>
  );
}
