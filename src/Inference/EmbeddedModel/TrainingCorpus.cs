namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Fixed text the tokenizer merges and the output token frequencies are learned from. A mix of
/// assistant-style prose and code, since coding agents are the main clients of this server.
/// Changing it changes the model, so it is part of the content fingerprint.
/// </summary>
internal static class TrainingCorpus
{
    public const string Text = """
        You are a helpful assistant. The user asks a question and the assistant answers it with care.
        When you are not sure about something, say so, and then explain what you would check next.
        Here is a short summary of the changes. The function reads the file, parses each line, and
        returns the result to the caller. If the input is empty, the method returns an empty list.
        I can help you with that. Let me look at the code first and then write a test for the new
        behavior. The test should fail before the fix and pass after it. This is a good way to make
        sure that the problem is really solved and that it does not come back later.
        The server listens on a local port and streams the response as a sequence of events. Each
        event has a type, an index, and a small piece of text. The client joins the pieces together
        to show the answer while it is still being written. When the model is done, the server sends
        a final event with the full output and the number of tokens that were used.
        To run the project, install the tools, restore the packages, build the solution, and start the
        service from the command line. Then open the browser and send a request to the endpoint.
        There are three steps. First, read the configuration. Second, load the model from the cache.
        Third, create a session for each request and release it when the request is complete.
        The weather today is mild and clear. In the morning there was a light wind from the sea, and
        in the afternoon the sun came out over the hills. People walked in the park, read books on the
        benches, and talked about their plans for the weekend. It was a quiet and pleasant day.
        Thank you for the question. In short, the answer is yes, but there are a few details to keep
        in mind. The first one is that the value must be positive. The second one is that the name
        should be unique. Please let me know if you would like me to make these changes for you.

        public sealed class OrderService
        {
            private readonly IOrderStore _store;

            public OrderService(IOrderStore store) => _store = store;

            public async Task<Order?> FindAsync(string id, CancellationToken cancellationToken)
            {
                if (string.IsNullOrEmpty(id))
                {
                    throw new ArgumentException("The id must not be empty.", nameof(id));
                }

                var order = await _store.GetAsync(id, cancellationToken);
                return order is null ? null : order with { Status = OrderStatus.Open };
            }
        }

        def read_items(path):
            with open(path, "r", encoding="utf-8") as file:
                for line in file:
                    line = line.strip()
                    if not line or line.startswith("#"):
                        continue
                    yield line.split(",")

        for (let index = 0; index < items.length; index++) {
            const item = items[index];
            if (item.value > limit) {
                console.log(`item ${item.name} is over the limit`);
                return false;
            }
        }
        return true;

        {"name": "get_weather", "arguments": {"location": "Paris", "unit": "celsius"}}
        {"type": "function", "function": {"name": "search", "description": "Search the web.", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}}
        """;
}
