/** A key from a label, as the API accepts keys (`[a-z][a-zA-Z0-9_]{0,39}`): "Fleet size" → fleetSize. */
export function keyFromLabel(label: string): string {
  const words = label.normalize('NFKD').replace(/[^A-Za-z0-9 ]/g, ' ').trim().split(/\s+/).filter(Boolean);
  const key = words.map((word, index) => (index === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase())).join('');
  return key.replace(/^[^a-z]+/, '').slice(0, 40);
}
