/**
 * Pointer and wheel input on the plotting areas, turned into gestures: zoom (wheel, ctrl + wheel
 * from a touchpad pinch, two-finger pinch), pan (drag), marker drag, and "show all" (double click).
 * Positions are fractions of the plot width (0 = left edge).
 */

/** What the gestures do. */
export interface PlotGestures {
  zoom(factor: number, anchor: number): void;
  pan(fraction: number): void;
  /** Marker `index` (0 or 1) dragged to `fraction`. */
  moveMarker(index: number, fraction: number): void;
  showAll(): void;
}

/** Wheel delta (pixels) per e-fold of zoom; a pinch on a touchpad arrives as ctrl + wheel with small deltas. */
const WHEEL_RATE = 0.0015;
const PINCH_RATE = 0.01;

function fraction(el: HTMLElement, clientX: number): number {
  const r = el.getBoundingClientRect();
  return r.width > 0 ? (clientX - r.left) / r.width : 0;
}

/** Listens on each plotting area; markers are elements with class `marker` and `data-marker` 0 or 1. */
export function bindPlotInput(areas: readonly HTMLElement[], gestures: PlotGestures): void {
  for (const area of areas) {
    area.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const pixels = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 800 : 1;
        gestures.zoom(Math.exp(e.deltaY * pixels * (e.ctrlKey ? PINCH_RATE : WHEEL_RATE)), fraction(area, e.clientX));
      },
      { passive: false },
    );
    const pointers = new Map<number, number>();
    let marker = -1;
    let lastX = 0;
    let lastDistance = 0;
    area.addEventListener('pointerdown', (e) => {
      area.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, e.clientX);
      const hit = (e.target as HTMLElement).closest<HTMLElement>('.marker');
      marker = hit !== null && pointers.size === 1 ? Number(hit.dataset.marker) : -1;
      lastX = e.clientX;
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        lastDistance = Math.abs(a - b);
      }
    });
    area.addEventListener('pointermove', (e) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, e.clientX);
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        const distance = Math.abs(a - b);
        if (lastDistance > 0 && distance > 0) gestures.zoom(lastDistance / distance, fraction(area, (a + b) / 2));
        lastDistance = distance;
        return;
      }
      if (marker >= 0) {
        gestures.moveMarker(marker, Math.min(Math.max(fraction(area, e.clientX), 0), 1));
        return;
      }
      const width = area.getBoundingClientRect().width;
      if (width > 0 && e.clientX !== lastX) {
        gestures.pan((e.clientX - lastX) / width);
        lastX = e.clientX;
      }
    });
    const end = (e: PointerEvent): void => {
      pointers.delete(e.pointerId);
      if (pointers.size < 2) lastDistance = 0;
      if (pointers.size === 0) marker = -1;
      for (const x of pointers.values()) lastX = x;
    };
    area.addEventListener('pointerup', end);
    area.addEventListener('pointercancel', end);
    area.addEventListener('dblclick', () => gestures.showAll());
  }
}
