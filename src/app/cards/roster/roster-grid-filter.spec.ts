import { type GridApi, type IRowNode, type SelectionChangedEvent, createGrid } from 'ag-grid-community';
import type { LocalCard } from '../../offline/db/doc-types';
import { serverCard } from '../../offline/testing/fake-couch';
import { listTheme } from '../ui/grid';
import { RosterGridFilter } from './roster-grid-filter';
import { type RosterEntry, type RosterIndex, type RosterQuery, buildRosterIndex, rosterSearcher } from './roster-index';

/**
 * The offline roster's grid (a real ag-grid, with the modules the app registers) holds every device
 * card once and shows a search's answer as a filter: the rows shown are the answer, select-all and
 * mass actions take those rows only, a selected card the search hides is unselected, and a card
 * changed by sync is the same row updated in place.
 */
describe('offline roster grid: the search shown as a filter over every device card', () => {
  const cards = (changes: Record<number, Record<string, unknown>> = {}) =>
    Array.from({ length: 300 }, (_, i) => serverCard(i, changes[i] ?? {}) as unknown as LocalCard);

  let host: HTMLElement;
  let api: GridApi<RosterEntry>;
  let filter: RosterGridFilter<RosterEntry>;
  let index: RosterIndex;
  let selectedEvents: string[][];
  const search = rosterSearcher();

  /** what the page does per keystroke: search the index, show the answer */
  const type = (query: RosterQuery) => {
    const answer = search(index, query);
    filter.show(api, answer, answer.length === index.entries.length);
    return answer;
  };
  const shownIds = () => Array.from({ length: api.getDisplayedRowCount() }, (_, i) => api.getDisplayedRowAtIndex(i)!.data!.cardId);
  const selectedIds = () => api.getSelectedRows().map((row) => row.cardId).sort();

  beforeEach(() => {
    host = document.createElement('div');
    host.style.cssText = 'width: 800px; height: 400px;';
    document.body.append(host);
    filter = new RosterGridFilter<RosterEntry>();
    index = buildRosterIndex(cards());
    selectedEvents = [];
    api = createGrid<RosterEntry>(host, {
      theme: listTheme,
      columnDefs: [{ field: 'holderName' }, { field: 'holderId' }, { field: 'status' }],
      rowData: index.entries.slice(),
      getRowId: (params) => params.data.cardId,
      ...filter.options,
      onSelectionChanged: (event: SelectionChangedEvent<RosterEntry>) => selectedEvents.push(event.api.getSelectedRows().map((row) => row.cardId)),
    });
    filter.show(api, index.entries, true);
  });

  afterEach(() => {
    api.destroy();
    host.remove();
  });

  it('shows exactly the answer of each keystroke, in the index order, and every card again when erased', () => {
    expect(api.getDisplayedRowCount()).toBe(300);
    const holderId = index.entries[17].holderId.replace(/\D/g, '');
    for (let length = 1; length <= holderId.length; length++) {
      const answer = type({ text: holderId.slice(0, length) });
      expect(shownIds()).withContext(holderId.slice(0, length)).toEqual(answer.map((entry) => entry.cardId));
    }
    expect(shownIds()).toEqual([index.entries[17].cardId]);
    type({ text: '' });
    expect(api.getDisplayedRowCount()).toBe(300);
    expect(api.isAnyFilterPresent()).toBeFalse();
    type({ text: 'nobody-here' });
    expect(api.getDisplayedRowCount()).toBe(0);
  });

  it('select-all takes the rows shown only; a search that hides selected rows unselects them', async () => {
    const answer = type({ text: 'maria' });
    expect(answer.length).toBeGreaterThan(1);
    expect(answer.length).toBeLessThan(300);
    // the header checkbox, as the user taps it (the grid draws its header in a later frame)
    let selectAll: HTMLInputElement | null = null;
    for (let frame = 0; frame < 100 && !selectAll; frame++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      selectAll = host.querySelector<HTMLInputElement>('.ag-header-select-all input');
    }
    selectAll!.click();
    expect(selectedIds()).toEqual(answer.map((entry) => entry.cardId).sort());

    // typed further: the selected rows the answer no longer holds are unselected (and the page hears it)
    const narrower = type({ text: `maria ${answer[0].holderId.replace(/\D/g, '')}` });
    expect(narrower.map((entry) => entry.cardId)).toEqual([answer[0].cardId]);
    expect(selectedIds()).toEqual([answer[0].cardId]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // ag-grid tells its listeners in a later task
    expect(selectedEvents.at(-1)).toEqual([answer[0].cardId]);

    // erased: the hidden cards come back unselected
    type({ text: '' });
    expect(selectedIds()).toEqual([answer[0].cardId]);
  });

  it('a card changed by sync is the same row, updated in place, and the answer follows the new data', () => {
    const card = index.entries.find((entry) => entry.cardId === 'demo-0042')!;
    const digits = card.holderId.replace(/\D/g, '');
    type({ text: digits });
    const node = api.getRowNode('demo-0042') as IRowNode<RosterEntry>;
    expect(shownIds()).toEqual(['demo-0042']);
    node.setSelected(true);

    // sync changes the card's status and another card's name: new row data from a new index
    index = buildRosterIndex(cards({ 41: { status: 'BLOCKED' }, 5: { holder: { ...serverCard(5)['holder'] as object, firstName: 'Zoe' } } }));
    api.setGridOption('rowData', index.entries.slice());
    type({ text: digits });
    expect(api.getRowNode('demo-0042')).toBe(node);
    expect(node.data!.status).toBe('BLOCKED');
    expect(shownIds()).toEqual(['demo-0042']);
    expect(selectedIds()).toEqual(['demo-0042']);

    type({ text: 'zoe' });
    expect(shownIds()).toEqual(['demo-0006']);
    expect(selectedIds()).toEqual([]);
  });
});
