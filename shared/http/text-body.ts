// A route's answer in one of its declared text media types (contract/text-response.ts): the
// rendering sends the text as it is, with that media type and UTF-8, instead of JSON.
export class TextBody<M extends string = string> {
  constructor(
    readonly mediaType: M,
    readonly text: string,
  ) {}
}

export const textBody = <M extends string>(mediaType: M, text: string) => new TextBody(mediaType, text);
