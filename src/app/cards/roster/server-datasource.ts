import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import type { CardSearchQuery, CardSummary, CardsApi } from '../data/cards-api';

/** ag-grid's infinite row model block size: one server page per block. */
export const SERVER_BLOCK = 100;

/**
 * The online card search as an ag-grid infinite datasource. The server pages by bookmark (the end of
 * the previous page), not by offset — an offset would make the store skip rows, O(n) per page at
 * 50,000 cards. Blocks come in order (the row count stays open until the last page), and the
 * bookmark of each block start is kept, so a block dropped from the cache and asked again is one call.
 */
export function serverCardsDatasource<Row>(
  api: CardsApi,
  companyId: string,
  query: Omit<CardSearchQuery, 'limit' | 'bookmark'>,
  toRow: (card: CardSummary) => Row,
  loaded: (rows: number, complete: boolean) => void,
): IDatasource {
  const bookmarks = new Map<number, string | null>([[0, null]]);
  let end: number | null = null;
  const page = async (start: number): Promise<{ items: CardSummary[]; bookmark: string | null }> => {
    // walk from the nearest known bookmark (normally the block itself)
    let from = start;
    while (!bookmarks.has(from) && from > 0) from -= SERVER_BLOCK;
    let answer = await firstValueFrom(api.search(companyId, { ...query, limit: SERVER_BLOCK, bookmark: bookmarks.get(from) ?? null }));
    for (;;) {
      bookmarks.set(from + SERVER_BLOCK, answer.bookmark);
      if (from >= start || !answer.bookmark) break;
      from += SERVER_BLOCK;
      answer = await firstValueFrom(api.search(companyId, { ...query, limit: SERVER_BLOCK, bookmark: answer.bookmark }));
    }
    return from === start ? answer : { items: [], bookmark: null };
  };
  return {
    getRows: (params: IGetRowsParams) => {
      const start = params.startRow;
      if (end !== null && start >= end) {
        params.successCallback([], end);
        return;
      }
      page(start).then(
        ({ items, bookmark }) => {
          if (!bookmark) end = start + items.length;
          params.successCallback(items.map(toRow), end ?? -1);
          loaded(end ?? start + items.length, end !== null);
        },
        () => params.failCallback(),
      );
    },
  };
}
