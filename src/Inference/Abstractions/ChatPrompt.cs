namespace Responses.Inference;

/// <summary>
/// What the server hands to the model: the conversation, the tools it may call and how its output is constrained.
/// The model renders it with its chat template and keeps the output rules with the rendered prompt, so the
/// generation that follows parses and constrains its output accordingly.
/// </summary>
public sealed record ChatPrompt(IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>The functions offered to the model (empty: no tools, and tool markup stays text).</summary>
    public IReadOnlyList<ChatTool> Tools { get; init; } = [];

    /// <summary>Whether and how the model must call a tool.</summary>
    public ToolChoice ToolChoice { get; init; } = ToolChoice.Auto;

    /// <summary>Tool calls kept at most (parallel_tool_calls: false is 1, max_tool_calls); null: no limit.</summary>
    public int? MaxToolCalls { get; init; }

    /// <summary>The shape of the text output (text, any JSON object, or JSON matching a schema).</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Text;

    /// <summary>
    /// Thinking on or off for templates that take enable_thinking (reasoning.effort); null leaves the template's
    /// default. Templates without the switch ignore it.
    /// </summary>
    public bool? EnableThinking { get; init; }
}

/// <summary>How the model must use its tools.</summary>
public enum ToolChoiceMode
{
    /// <summary>The model decides: text, calls, or both.</summary>
    Auto,

    /// <summary>The model must call at least one of the tools; enforced by constrained decoding.</summary>
    Required,
}

/// <summary>tool_choice after the server resolved names: the mode and the tools a forced call may use.</summary>
/// <param name="Allowed">Names a required call may use; null: any offered tool.</param>
public sealed record ToolChoice(ToolChoiceMode Mode, IReadOnlyList<string>? Allowed = null)
{
    public static ToolChoice Auto { get; } = new(ToolChoiceMode.Auto);

    public static ToolChoice Required { get; } = new(ToolChoiceMode.Required);
}

/// <summary>The output's format (text.format), enforced by constrained decoding when not plain text.</summary>
public abstract record OutputFormat
{
    public static OutputFormat Text { get; } = new TextFormat();

    public static OutputFormat JsonObject { get; } = new JsonObjectFormat();
}

/// <summary>Free text.</summary>
public sealed record TextFormat : OutputFormat;

/// <summary>Any JSON object.</summary>
public sealed record JsonObjectFormat : OutputFormat;

/// <summary>JSON that matches a schema.</summary>
/// <param name="SchemaJson">The JSON Schema, as JSON text.</param>
public sealed record JsonSchemaFormat(string Name, string SchemaJson, bool Strict) : OutputFormat;

/// <summary>One turn of the conversation as the chat template sees it.</summary>
/// <param name="Role">"system", "user", "assistant" or "tool"; the template decides how each is rendered.</param>
/// <param name="Content">The turn's text (may be empty for an assistant turn that only calls tools).</param>
public sealed record ChatMessage(string Role, string Content)
{
    /// <summary>An assistant turn's tool calls, in order (rendered as the template's native call markup).</summary>
    public IReadOnlyList<ChatToolCall> ToolCalls { get; init; } = [];

    /// <summary>A "tool" turn: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>A "tool" turn: the name of the function that produced it.</summary>
    public string? Name { get; init; }

    /// <summary>An assistant turn's thinking, for templates that render it (reasoning_content); others drop it.</summary>
    public string? Reasoning { get; init; }

    /// <summary>
    /// The turn's images, in order: each stands where <see cref="ChatImage.Marker"/> is in <see cref="Content"/>
    /// (the n-th marker is the n-th image). Empty for a turn of text.
    /// </summary>
    public IReadOnlyList<ChatImage> Images { get; init; } = [];

    /// <summary>
    /// The ids that hold the images: up to the last one's closing token (0 without images). Only a generator's first
    /// input can carry images, so a kept generator continues this prompt only if it already holds all of them.
    /// </summary>
    public int ImagesEnd { get; init; }
}

/// <summary>An image of a chat turn, as the client sent it (validated: a known format within the limits).</summary>
/// <param name="Bytes">The encoded image (PNG, JPEG, GIF or WebP), decoded by the model's image processor.</param>
/// <param name="MediaType">image/png, image/jpeg, image/gif or image/webp, read from the bytes.</param>
/// <param name="Digest">Lowercase hex SHA-256 of the bytes: what the prompt cache compares instead of the pixels.</param>
/// <param name="Width">Pixels across, from the image's header.</param>
/// <param name="Height">Pixels down, from the image's header.</param>
public sealed record ChatImage(ReadOnlyMemory<byte> Bytes, string MediaType, string Digest, int Width, int Height)
{
    /// <summary>
    /// Where an image stands in a turn's text: U+FFFC OBJECT REPLACEMENT CHARACTER, Unicode's own sign for "an object
    /// is here". Text the client sent beside images never carries it (it becomes U+FFFD).
    /// </summary>
    public const char Marker = '\uFFFC';
}

/// <summary>A tool call of an assistant turn in the history.</summary>
/// <param name="Id">The call id that the tool result refers to.</param>
/// <param name="Arguments">The arguments as JSON text, exactly as the client sent them.</param>
public sealed record ChatToolCall(string Id, string Name, string Arguments);

/// <summary>A function the model may call.</summary>
/// <param name="Name">The name the model sees and calls.</param>
/// <param name="ParametersJson">JSON Schema of the arguments, passed through unchanged (any keyword); null for none.</param>
/// <param name="Strict">The arguments must match the schema exactly (OpenAI's strict mode: no extra properties).</param>
public sealed record ChatTool(string Name, string? Description, string? ParametersJson, bool Strict = false);

/// <summary>
/// A prompt after the chat template and the tokenizer: the exact token ids the model will prefill, and the output
/// rules of the <see cref="ChatPrompt"/> it came from (tools, tool choice, format), which the generation applies.
/// </summary>
public sealed record RenderedPrompt(string Text, int[] TokenIds)
{
    public int TokenCount => TokenIds.Length;

    /// <summary>The prompt this was rendered from (its tools, tool choice and format); null for a bare text prompt.</summary>
    public ChatPrompt? Source { get; init; }

    /// <summary>
    /// The images the model is given, in the order their markers stand in <see cref="Text"/> (a multimodal model's
    /// processor expands each marker); <see cref="TokenIds"/> already counts their tokens. Empty for a prompt of text.
    /// </summary>
    public IReadOnlyList<ChatImage> Images { get; init; } = [];

    /// <summary>
    /// The ids that hold the images: up to the last one's closing token (0 without images). Only a generator's first
    /// input can carry images, so a kept generator continues this prompt only if it already holds all of them.
    /// </summary>
    public int ImagesEnd { get; init; }
}

/// <summary>How to pick tokens. Temperature 0 means greedy decoding, never a tiny temperature.</summary>
/// <param name="MaxOutputTokens">Generated tokens at most; null means the server's default cap (Inference:DefaultMaxOutputTokens), within the model's context.</param>
/// <param name="Seed">Seed for sampling; null means one drawn from a fast RNG (never the OS random device).</param>
public sealed record SamplingSettings(int? MaxOutputTokens, double Temperature, double TopP, ulong? Seed = null)
{
    /// <summary>Penalties and bias applied to the logits before every pick; none by default.</summary>
    public LogitRules Logits { get; init; } = LogitRules.None;

    /// <summary>
    /// Stop sequences (chat completions' <c>stop</c>): the generation ends at the first one, which is not output, with
    /// <see cref="FinishReason.Stop"/>; text that may begin one is held back until it cannot. Null for none.
    /// </summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>
    /// Log probabilities of the output tokens, with this many most likely alternatives (0..20) at each position; null
    /// for none (then nothing is computed). The distribution is the one the token was picked from: after penalties
    /// and bias, divided by the temperature (greedy: the logits as they are).
    /// </summary>
    public int? TopLogprobs { get; init; }
}

/// <summary>
/// OpenAI's rules on the logits before each pick: <c>logit[t] += bias[t] - presence * (count[t] &gt; 0) - frequency *
/// count[t]</c>, counting the tokens generated so far (not the prompt's).
/// </summary>
/// <param name="PresencePenalty">-2..2: subtracted once from every token generated so far.</param>
/// <param name="FrequencyPenalty">-2..2: subtracted as many times as the token was generated.</param>
/// <param name="Bias">Token id -> -100..100 added to its logit (chat completions' logit_bias); null for none.</param>
public sealed record LogitRules(double PresencePenalty = 0, double FrequencyPenalty = 0, IReadOnlyDictionary<int, float>? Bias = null)
{
    public static LogitRules None { get; } = new();

    /// <summary>Whether any rule changes a logit (then each step reads and rewrites them; otherwise it costs nothing).</summary>
    public bool ChangesLogits => PresencePenalty != 0 || FrequencyPenalty != 0 || Bias is { Count: > 0 };
}
