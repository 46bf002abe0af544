import type { GridApi, GridOptions, IRowNode, RowSelectionOptions } from 'ag-grid-community';

/**
 * The offline roster's grid holds every card of the device once; a search shows its answer through
 * ag-grid's external filter instead of new row data. A keystroke then creates and destroys no row
 * nodes (10,000 of them when a search is erased), and a card changed by sync stays the same row,
 * updated in place. Selection follows what is shown: select-all takes the shown rows only, and a
 * selected row that a search hides is unselected, so a mass action never reaches a card the user
 * cannot see.
 */
export class RosterGridFilter<T extends { cardId: string }> {
  /** the card ids shown; null when every row is (no filter: ag-grid skips the pass over the rows) */
  private shown: ReadonlySet<string> | null = null;

  readonly options: Pick<GridOptions<T>, 'isExternalFilterPresent' | 'doesExternalFilterPass'> & { rowSelection: RowSelectionOptions<T> } = {
    isExternalFilterPresent: () => this.shown !== null,
    doesExternalFilterPass: (node: IRowNode<T>) => !!node.data && !!this.shown?.has(node.data.cardId),
    // checkboxes; the header's select-all takes the rows shown, not the hidden ones
    rowSelection: { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false, selectAll: 'filtered' },
  };

  /** Shows the rows of `answer` (`all`: it holds every row), on the grid if there is one yet. */
  show(api: GridApi<T> | null, answer: readonly T[], all: boolean): void {
    const shown = all ? null : new Set(answer.map((row) => row.cardId));
    this.shown = shown;
    if (!api || api.isDestroyed()) return;
    api.onFilterChanged();
    const hidden = shown ? api.getSelectedNodes().filter((node) => !node.data || !shown.has(node.data.cardId)) : [];
    if (hidden.length) api.setNodesSelected({ nodes: hidden, newValue: false });
  }
}
