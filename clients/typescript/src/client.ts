// A typed client for the Responses server: openapi-fetch over the types openapi-typescript writes from the spec
// (src/schema.ts, `npm run generate`). Paths, bodies and answers are checked by tsc against the spec.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Schemas = components["schemas"];

export type CreateResponse = Schemas["CreateResponse"];
export type Response = Schemas["Response"];
export type ErrorResponse = Schemas["ErrorResponse"];

// The spec writes its discriminated unions NSwag's way: a base schema with a discriminator mapping, members
// `allOf: [Base, ...]`. openapi-typescript renders a reference to such a base as the base alone (`type: "OutputItem"`),
// not as the union of its mapping, so the unions a caller narrows on are spelled out here from the spec's mappings.

/** Response.output's items: OutputItem's mapping. */
export type OutputItem = Schemas["OutputMessage"] | Schemas["FunctionToolCall"] | Schemas["ReasoningItem"] | Schemas["CustomToolCall"];

/** An output message's content parts: OutputContent's mapping. */
export type OutputContent = Schemas["OutputTextContent"] | Schemas["RefusalContent"] | Schemas["ReasoningTextContent"];

/**
 * A client for the server at baseUrl (e.g. http://127.0.0.1:8000; paths carry their /v1 prefix). JSON answers only:
 * createResponse's 200 is JSON or an event stream, and the second type argument keeps the JSON one.
 */
export function responsesClient(baseUrl: string) {
  return createClient<paths, "application/json">({ baseUrl });
}

/** The response's output items as the union they are (see above). */
export function outputItems(response: Response): OutputItem[] {
  return response.output as unknown as OutputItem[];
}

/** The text of every output_text part of the response's messages, as the OpenAI SDKs' output_text gives it. */
export function outputText(response: Response): string {
  return outputItems(response)
    .flatMap((item) => (item.type === "message" ? (item.content as unknown as OutputContent[]) : []))
    .map((part) => (part.type === "output_text" ? part.text : ""))
    .join("");
}
