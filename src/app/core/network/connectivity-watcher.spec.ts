import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';
import { StatusBar } from '../../shell/status-bar/status-bar';
import { rootReducers } from '../store/root-state';
import { rootState } from '../../testing/fixtures';
import { ConnectivityWatcher } from './connectivity-watcher';

/** A window whose onLine the test controls, so the real network of the test browser does not matter. */
function fakeWindow(onLine: boolean) {
  const target = new EventTarget() as EventTarget & { navigator: { onLine: boolean } };
  target.navigator = { onLine };
  return target;
}

describe('online/offline indicator (ConnectivityWatcher → status state → status bar)', () => {
  function render() {
    TestBed.configureTestingModule({
      imports: [StatusBar],
      providers: [provideRouter([]), provideStore(rootReducers, { initialState: rootState() })],
    });
    const fixture = TestBed.createComponent(StatusBar);
    fixture.detectChanges();
    const connectivity = () => (fixture.nativeElement as HTMLElement).querySelector('[data-testid=connectivity]')!.textContent!.trim();
    const offlineStyled = () => !!(fixture.nativeElement as HTMLElement).querySelector('.bar.offline');
    return { fixture, connectivity, offlineStyled };
  }

  it('switches between "En línea" and "Sin conexión" with the browser’s online/offline events', async () => {
    const { fixture, connectivity, offlineStyled } = render();
    const win = fakeWindow(true);
    TestBed.inject(ConnectivityWatcher).start(win as unknown as Window);
    await fixture.whenStable();
    expect(connectivity()).toContain('En línea');
    expect(offlineStyled()).toBeFalse();

    win.dispatchEvent(new Event('offline'));
    await fixture.whenStable();
    expect(connectivity()).toContain('Sin conexión');
    expect(offlineStyled()).toBeTrue();

    win.dispatchEvent(new Event('online'));
    await fixture.whenStable();
    expect(connectivity()).toContain('En línea');
  });

  it('starts as "Sin conexión" when the app opens without network', async () => {
    const { fixture, connectivity } = render();
    TestBed.inject(ConnectivityWatcher).start(fakeWindow(false) as unknown as Window);
    await fixture.whenStable();
    expect(connectivity()).toContain('Sin conexión');
  });
});
