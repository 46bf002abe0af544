import {
  CellStyleModule,
  ClientSideRowModelModule,
  ExternalFilterModule,
  type GridOptions,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RowApiModule,
  RowAutoHeightModule,
  RowSelectionModule,
  RowStyleModule,
  themeQuartz,
} from 'ag-grid-community';
import type { Translator } from '../../core/i18n/translator';

/**
 * ag-grid for the card roster and the pending requests: the client-side row model (device data), the
 * infinite row model (server search), row selection, locale
 * texts, cell classes, row styles and auto row height (wrapped reasons) (TOOLCHAIN.md: AllCommunityModule is a 1.18 MB chunk). Imported by lazy
 * pages only.
 */
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  InfiniteRowModelModule, // the online card search, server-paged
  RowSelectionModule, // mass actions on selected cards
  LocaleModule,
  CellStyleModule,
  RowStyleModule,
  RowAutoHeightModule,
  RowApiModule, // forEachNode: rows of the online search redrawn from newer device copies
  ExternalFilterModule, // the offline roster's search shows its answer as a filter over the device's cards
]);

export const listTheme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 14,
  headerFontWeight: 500,
  accentColor: '#005cbb',
  browserColorScheme: 'light',
  rowHeight: 52,
});

export function listGridOptions<T>(translator: Translator): GridOptions<T> {
  return {
    theme: listTheme,
    // noMatchingRows: every row hidden by a filter (the offline roster's search)
    localeText: { noRowsToShow: translator.t('grid.noRows'), noMatchingRows: translator.t('grid.noRows'), loadingOoo: translator.t('grid.loading') },
    defaultColDef: { resizable: true, sortable: true, suppressMovable: true },
    enableCellTextSelection: true,
    suppressCellFocus: false,
    rowBuffer: 20,
  };
}
