import { TestBed } from '@angular/core/testing';
import { HEADER_LAYOUT, LOT_LAYOUTS } from '../../../domain/lots/layouts';
import { LOT_TYPES } from '../../../domain/statuses';
import { Translator } from '../../core/i18n/translator';
import { setUpPage, settle } from '../../lots/testing/page-harness';
import { FileSaver } from '../../lots/ui/save-file';
import { DETAIL_LAYOUTS, templateFor } from '../../../domain/lots/layouts';
import DownloadsPage, { GUIDE_URL } from './downloads.page';
import { layoutRows } from './layout-rows';

describe('DownloadsPage', () => {
  beforeEach(() => setUpPage('carga', ['lots.upload']));

  it('documents every field of every layout with a translated format', () => {
    const t = TestBed.inject(Translator);
    for (const type of LOT_TYPES) {
      const rows = layoutRows(LOT_LAYOUTS[type].detail);
      expect(rows.map((r) => r.name)).withContext(type).toEqual(LOT_LAYOUTS[type].detail.fields.map((f) => f.name));
      expect(rows.every((r) => r.description && r.length && !t.t(r.kindKey).startsWith('⟦'))).withContext(type).toBeTrue();
      expect(rows[0].position).toBe(2); // position 1 is the record type
    }
  });

  it('renders the header and detail fields of the open lot type in grids', async () => {
    const fixture = TestBed.createComponent(DownloadsPage);
    await fixture.whenStable();
    await settle(5);
    const element = fixture.nativeElement as HTMLElement;
    const text = element.textContent ?? '';
    for (const field of [...HEADER_LAYOUT.fields, ...LOT_LAYOUTS.EMI.detail.fields]) {
      expect(text).withContext(field.name).toContain(`${field.label} (${field.name})`);
    }
    // the selected company's tax id is the header example; obligatorio reads Sí / No
    expect(text).toContain('J000000001');
    expect(text).toContain('Sí');
    expect(text).toContain('No');
    expect(element.querySelector('.ag-checkbox')).toBeNull();
  });

  it('generates the template and the example for the selected company on the device', async () => {
    const saved: { blob: Blob; name: string }[] = [];
    spyOn(TestBed.inject(FileSaver), 'save').and.callFake((blob: Blob, name: string) => void saved.push({ blob, name }));
    const page = TestBed.createComponent(DownloadsPage).componentInstance;
    page.downloadTemplate('REC');
    page.downloadExample('REC');
    expect(saved.map((s) => s.name)).toEqual(['plantilla-REC.txt', 'ejemplo-REC-ALIM.txt']);
    expect(await saved[0].blob.text()).toContain('H;<taxId>;<productCode>;REC;');
    const example = await saved[1].blob.text();
    expect(example.startsWith('H;J000000001;ALIM;REC;20261125;2;1750.50\r\n')).toBeTrue();
  });

  it('offers a template, an example and the layout of every lot type: EMI, REC, CAR, REP and SUC', async () => {
    expect([...LOT_TYPES]).toEqual(['EMI', 'REC', 'CAR', 'REP', 'SUC']);
    const saved: { blob: Blob; name: string }[] = [];
    spyOn(TestBed.inject(FileSaver), 'save').and.callFake((blob: Blob, name: string) => void saved.push({ blob, name }));
    const page = TestBed.createComponent(DownloadsPage).componentInstance;
    for (const type of LOT_TYPES) {
      // the template's detail line names every field of the one definition, in order
      const detail = templateFor(type).split('\r\n')[1].split(';');
      expect(detail).withContext(type).toEqual(['D', ...DETAIL_LAYOUTS[type].fields.map((f) => `<${f.name}>`)]);
      page.downloadTemplate(type);
      page.downloadExample(type);
    }
    expect(saved.map((s) => s.name)).toEqual(LOT_TYPES.flatMap((t) => [`plantilla-${t}.txt`, `ejemplo-${t}-ALIM.txt`]));
    for (const [i, type] of LOT_TYPES.entries()) {
      const example = await saved[i * 2 + 1].blob.text();
      const lines = example.trim().split('\r\n');
      // header count matches the records (the validator spec checks each example is valid)
      expect(lines[0].split(';')[5]).withContext(type).toBe(String(lines.length - 1));
      expect(lines.slice(1).every((l) => l.split(';').length === DETAIL_LAYOUTS[type].fields.length + 1)).withContext(type).toBeTrue();
    }
  });

  it('offers the user guide for download', async () => {
    const fixture = TestBed.createComponent(DownloadsPage);
    await fixture.whenStable();
    const link = (fixture.nativeElement as HTMLElement).querySelector<HTMLAnchorElement>('[data-testid="guide-download"]')!;
    expect(link.getAttribute('href')).toBe(GUIDE_URL);
    expect(link.getAttribute('download')).toBe('guia-de-usuario.html');
  });
});
