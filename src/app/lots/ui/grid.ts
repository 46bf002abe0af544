import {
  CellStyleModule,
  ClientSideRowModelModule,
  type GridOptions,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RowAutoHeightModule,
  RowSelectionModule,
  TooltipModule,
  themeQuartz,
} from 'ag-grid-community';
import type { Translator } from '../../core/i18n/translator';

/**
 * ag-grid with only the modules the lot and order screens use (TOOLCHAIN.md: AllCommunityModule is a
 * 1.18 MB chunk). This file is imported by lazy pages only, so the grid never reaches the initial bundle.
 * Client-side rows for lists, the infinite row model for server-paged records and errors, row selection
 * for the tray and authorization, tooltips for long messages, auto row height for the layout documents.
 */
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  InfiniteRowModelModule,
  RowSelectionModule,
  RowAutoHeightModule,
  LocaleModule,
  CellStyleModule,
  TooltipModule,
]);

export const gridTheme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 14,
  headerFontWeight: 500,
  accentColor: '#005cbb',
  browserColorScheme: 'light',
});

/** Options every grid of these screens shares: theme and the grid's own texts from the catalogue. */
export function baseGridOptions<T>(translator: Translator): GridOptions<T> {
  const t = (key: Parameters<Translator['t']>[0]) => translator.t(key);
  return {
    theme: gridTheme,
    localeText: {
      noRowsToShow: t('grid.noRows'),
      loadingOoo: t('grid.loading'),
      ariaRowSelectAll: t('grid.selectAll'),
      ariaRowSelect: t('grid.selectRow'),
      ariaRowDeselect: t('grid.selectRow'),
      ariaRowToggleSelection: t('grid.selectRow'),
      selectAll: t('grid.selectAll'),
      page: t('grid.page'),
      of: t('grid.of'),
      to: t('grid.to'),
      firstPage: t('grid.first'),
      previousPage: t('grid.previous'),
      nextPage: t('grid.next'),
      lastPage: t('grid.last'),
    },
    defaultColDef: { resizable: true, sortable: true, suppressMovable: true },
    tooltipShowDelay: 300,
    enableCellTextSelection: true,
    suppressCellFocus: false,
  };
}
