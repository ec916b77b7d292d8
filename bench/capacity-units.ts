// DynamoDB request units of the requests the bench counts (bench/README.md §8), estimated from what
// crosses the wire, since the functions do not ask the engine for ConsumedCapacity:
// - writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem): 1 unit per started KB of the item,
//   once for the table and once more for each global secondary index holding it (every index here
//   projects ALL). A Put's item size is exact (DynamoDB's rule: attribute names + values); an
//   Update's is the last Put of the same key (or its key alone) plus the values it sets; a failed conditional write
//   consumes units too, so every write counts.
// - reads (GetItem, BatchGetItem, Query): 1 unit per started 4 KB of the response (strongly
//   consistent; half for eventually consistent reads). The response's JSON is larger than the items
//   it holds, so reads are over- rather than under-estimated.
// Units are fractional only for eventually consistent reads (0.5).

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** A number's size in DynamoDB: about one byte per two significant digits, plus one. */
function numberBytes(n: string): number {
  const digits = n.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** Size of one attribute value in DynamoDB's item-size rules. */
export function valueBytes(value: AttributeValue): number {
  const [type, raw] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return utf8(raw as string);
    case 'N':
      return numberBytes(raw as string);
    case 'B':
      return Buffer.from(raw as string, 'base64').length;
    case 'SS':
      return (raw as string[]).reduce((sum, s) => sum + utf8(s), 0);
    case 'NS':
      return (raw as string[]).reduce((sum, s) => sum + numberBytes(s), 0);
    case 'L':
      return 3 + (raw as AttributeValue[]).reduce((sum, v) => sum + 1 + valueBytes(v), 0);
    case 'M':
      return 3 + Object.entries(raw as Item).reduce((sum, [name, v]) => sum + 1 + utf8(name) + valueBytes(v), 0);
    default:
      return 1; // BOOL, NULL
  }
}

/** An item's size: the sum of its attribute names and values. */
export function itemBytes(item: Item): number {
  return Object.entries(item).reduce((sum, [name, v]) => sum + utf8(name) + valueBytes(v), 0);
}

const INDEX_KEYS = ['GSI1PK', 'GSI2PK'];
const keyOf = (key: Item | undefined) => `${(key?.PK as { S?: string })?.S ?? ''}|${(key?.SK as { S?: string })?.S ?? ''}`;
const writeUnitsOf = (bytes: number, indexes: number) => Math.max(1, Math.ceil(bytes / 1024)) * (1 + indexes);

/** Reads units of a read answered with `responseBytes` of JSON. */
export function readUnits(responseBytes: number, consistent: boolean): number {
  return Math.max(1, Math.ceil(responseBytes / 4096)) * (consistent ? 1 : 0.5);
}

/** Remembers each item's last known size and indexes, to size the updates and deletes that follow. */
export class CapacityEstimator {
  private readonly known = new Map<string, { bytes: number; indexes: number }>();

  /** Write units of a write request (0 for anything else). */
  writeUnits(operation: string, request: Record<string, any>): number {
    switch (operation) {
      case 'PutItem':
        return this.put(request.Item as Item);
      case 'UpdateItem':
        return this.update(request);
      case 'DeleteItem': {
        const known = this.known.get(keyOf(request.Key));
        this.known.delete(keyOf(request.Key));
        return writeUnitsOf(known?.bytes ?? 1, known?.indexes ?? 0);
      }
      case 'BatchWriteItem': {
        const writes = Object.values(
          (request.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>,
        ).flat();
        return writes.reduce((sum, w) => sum + (w.PutRequest ? this.put(w.PutRequest.Item) : writeUnitsOf(1, 0)), 0);
      }
      default:
        return 0;
    }
  }

  private put(item: Item): number {
    const bytes = itemBytes(item);
    const indexes = INDEX_KEYS.filter((k) => k in item).length;
    this.known.set(keyOf(item), { bytes, indexes });
    return writeUnitsOf(bytes, indexes);
  }

  private update(request: Record<string, any>): number {
    const key = keyOf(request.Key);
    const before = this.known.get(key) ?? { bytes: itemBytes(request.Key as Item), indexes: 0 };
    const values = Object.values((request.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>);
    const bytes = before.bytes + values.reduce((sum, v) => sum + valueBytes(v), 0);
    const expression = String(request.UpdateExpression ?? '');
    const indexes = Math.max(before.indexes, INDEX_KEYS.filter((k) => expression.includes(k)).length);
    // The base stays the last Put's size: a counter ADDed to a thousand times does not grow the item.
    if (this.known.has(key)) this.known.set(key, { bytes: before.bytes, indexes });
    return writeUnitsOf(bytes, indexes);
  }
}
