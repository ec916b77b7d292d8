// The table grants a function declaration names most often (see `Use` in declaration.ts).
export const tableRead = { table: 'read' } as const;
export const tableReadWrite = { table: 'readWrite' } as const;
