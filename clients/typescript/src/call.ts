// One call against a running server: creates a response and prints its output text.
//   node dist/call.js http://127.0.0.1:8000 responses-tiny-llama "Say hello."
import { outputText, responsesClient } from "./client.js";

const [baseUrl = "http://127.0.0.1:8000", model = "responses-tiny-llama", input = "Say hello."] = process.argv.slice(2);

const client = responsesClient(baseUrl);
const { data, error, response } = await client.POST("/v1/responses", {
  body: { model, input, max_output_tokens: 16 },
});

if (error !== undefined) {
  console.error(`${response.status} ${error.error.type}: ${error.error.message}`);
  process.exit(1);
}

console.log(`${data.id} ${data.status}`);
console.log(outputText(data));
