import { useSearchParams } from 'react-router';

/** `?q=` and `?page=` kept in the address, so that back, reload and links keep the view. */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const update = (next: { q?: string; page?: number }) =>
    setParams(
      (previous) => {
        const out = new URLSearchParams(previous);
        if (next.q !== undefined) {
          if (next.q) out.set('q', next.q);
          else out.delete('q');
          out.delete('page');
        }
        if (next.page !== undefined) {
          if (next.page > 1) out.set('page', String(next.page));
          else out.delete('page');
        }
        return out;
      },
      { replace: true },
    );
  return { q, page, setQ: (value: string) => update({ q: value }), setPage: (value: number) => update({ page: value }) };
}
