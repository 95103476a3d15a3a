import {
  closestCenter, type ClientRect, type CollisionDetection, type KeyboardCoordinateGetter, pointerWithin, rectIntersection,
} from '@dnd-kit/core';

/**
 * Dragging a card with the keyboard: Space or Enter picks it up, the arrow keys jump to the next or previous drop
 * target (stages left to right, then won and lost), Space or Enter drops it, Escape puts it back. dnd-kit's own
 * keyboard sensor moves a card 25 pixels per key press; jumping target by target is what a person expects.
 */
export function jumpBetween(order: () => readonly string[]): KeyboardCoordinateGetter {
  return (event, { currentCoordinates, context }) => {
    const step = event.code === 'ArrowRight' || event.code === 'ArrowDown' ? 1
      : event.code === 'ArrowLeft' || event.code === 'ArrowUp' ? -1 : 0;
    if (step === 0) return undefined;
    event.preventDefault();
    const ids = order();
    const at = context.over ? ids.indexOf(String(context.over.id)) : -1;
    const next = ids[Math.min(ids.length - 1, Math.max(0, at + step))];
    const target = next === undefined ? undefined : context.droppableRects.get(next);
    if (!target || !context.collisionRect) return currentCoordinates;
    return currentCoordinates && shiftInto(currentCoordinates, context.collisionRect, target);
  };
}

/** Moves `coordinates` so that the dragged rectangle's centre lands inside `target` (horizontally centred). */
export function shiftInto(coordinates: { x: number; y: number }, dragged: ClientRect, target: ClientRect): { x: number; y: number } {
  const centre = { x: dragged.left + dragged.width / 2, y: dragged.top + dragged.height / 2 };
  const half = Math.min(dragged.height, target.height) / 2;
  const y = Math.min(Math.max(centre.y, target.top + half), target.top + target.height - half);
  return { x: coordinates.x + target.left + target.width / 2 - centre.x, y: coordinates.y + y - centre.y };
}

/**
 * With a pointer: the target under the pointer (else the one the card overlaps most). With the keyboard (no
 * pointer): the target holding the card's centre, else the closest.
 */
export const boardCollisions: CollisionDetection = (args) => {
  if (args.pointerCoordinates) {
    const within = pointerWithin(args);
    return within.length > 0 ? within : rectIntersection(args);
  }
  const rect = args.collisionRect;
  const centre = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  const holding = args.droppableContainers.filter((container) => {
    const box = args.droppableRects.get(container.id);
    return !!box && centre.x >= box.left && centre.x <= box.left + box.width && centre.y >= box.top && centre.y <= box.top + box.height;
  });
  return holding.length > 0 ? holding.map((container) => ({ id: container.id, data: { droppableContainer: container, value: 0 } }))
    : closestCenter(args);
};
