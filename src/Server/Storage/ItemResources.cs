using Responses.Generated;

namespace Responses.Server.Storage;

/// <summary>
/// Items as OpenAI lists them (ItemResource): what input_items returns, and the shapes any list of a conversation's
/// items takes. The store keeps an item as the client sent it, in the short forms OpenAI accepts (a message's content
/// as a string, a tool output without a status); here, on the way out, it takes OpenAI's full form. Nothing stored
/// changes: this runs on every read.
/// </summary>
public static class ItemResources
{
    /// <summary>OpenAI's image detail when a client names none.</summary>
    private const string DefaultImageDetail = "auto";

    /// <summary>Each item in the shape OpenAI lists it, in the same order.</summary>
    public static List<ItemResource> Of(IEnumerable<InputItem> items) => [.. items.Select(Of)];

    /// <summary>
    /// The item in the shape OpenAI lists it: a user, system or developer message as an InputMessageResource (content
    /// a list of input parts), an assistant message as an OutputMessage (output_text parts), a tool call or output as
    /// its resource; a message or tool item sent without a status is <c>completed</c>. Ids are kept as stored.
    /// </summary>
    /// <exception cref="ArgumentException">A compaction_trigger: a request marker, never kept as an item.</exception>
    /// <exception cref="InvalidOperationException">An item without an id (the store gives every item one).</exception>
    public static ItemResource Of(InputItem item) => item switch
    {
        EasyInputMessage { Role: EasyInputMessageRole.Assistant } message => new OutputMessage
        {
            Id = IdOf(message),
            Role = OutputMessageRole.Assistant,
            Content = message.Content.IsText ? [OutputText(message.Content.Text!)] : [.. message.Content.Items!.Select(OutputPart)],
            Status = StatusOf(message.Status),
            Phase = message.Phase,
        },
        EasyInputMessage message => new InputMessageResource
        {
            Id = IdOf(message),
            Role = message.Role switch
            {
                EasyInputMessageRole.System => InputMessageResourceRole.System,
                EasyInputMessageRole.Developer => InputMessageResourceRole.Developer,
                _ => InputMessageResourceRole.User,
            },
            Content = message.Content.IsText ? [new InputTextContent { Text = message.Content.Text! }] : [.. message.Content.Items!.Select(InputPart)],
            Status = StatusOf(message.Status),
        },
        OutputMessage message => message,
        FunctionToolCall call => new FunctionToolCallResource
        {
            Id = IdOf(call),
            CallId = call.CallId,
            Namespace = call.Namespace,
            Name = call.Name,
            Arguments = call.Arguments,
            // Never missing: a call read without one is completed (the spec's default for FunctionToolCall.status).
            Status = call.Status,
        },
        FunctionCallOutputItemParam output => new FunctionToolCallOutputResource
        {
            Id = IdOf(output),
            CallId = output.CallId,
            Output = ToolOutput(output.Output),
            Status = OutputStatusOf(output.Status),
        },
        CustomToolCall call => new CustomToolCallResource
        {
            Id = IdOf(call),
            CallId = call.CallId,
            Namespace = call.Namespace,
            Name = call.Name,
            Input = call.Input,
            Status = call.Status ?? OutputItemStatus.Completed,
        },
        CustomToolCallOutput output => new CustomToolCallOutputResource
        {
            Id = IdOf(output),
            CallId = output.CallId,
            Output = ToolOutput(output.Output),
            Status = OutputStatusOf(output.Status),
        },
        ReasoningItem reasoning => reasoning,
        FunctionShellCall call => call,
        ApplyPatchToolCall call => call,
        CompactionSummaryItemParam compaction => new CompactionBody { Id = IdOf(compaction), EncryptedContent = compaction.EncryptedContent },
        CompactionBody compaction => compaction,
        ItemReferenceParam reference => reference,
        ReplayedItemParam replayed => replayed,
        CompactionTriggerItemParam => throw new ArgumentException("A compaction_trigger is a request marker, not an item that is kept.", nameof(item)),
        _ => throw new ArgumentException($"{item.GetType().Name} is not an input item type.", nameof(item)),
    };

    private static string IdOf(InputItem item) =>
        InputItemIds.Of(item) ?? throw new InvalidOperationException($"A stored {item.GetType().Name} has no id; every stored item is given one (InputItemIds).");

    private static OutputItemStatus StatusOf(ItemStatus? status) => status switch
    {
        ItemStatus.InProgress => OutputItemStatus.InProgress,
        ItemStatus.Incomplete => OutputItemStatus.Incomplete,
        _ => OutputItemStatus.Completed,
    };

    private static FunctionCallOutputStatusEnum OutputStatusOf(ItemStatus? status) => status switch
    {
        ItemStatus.InProgress => FunctionCallOutputStatusEnum.InProgress,
        ItemStatus.Incomplete => FunctionCallOutputStatusEnum.Incomplete,
        _ => FunctionCallOutputStatusEnum.Completed,
    };

    private static FunctionCallOutput ToolOutput(FunctionCallOutput output) =>
        output.IsText ? output : new FunctionCallOutput([.. output.Items!.Select(InputPart)]);

    /// <summary>A part of a user, system or developer message or of a tool's output: input_text, input_image, input_file.</summary>
    private static InputContent InputPart(InputContent part) => part switch
    {
        OutputTextContent text => new InputTextContent { Text = text.Text },
        RefusalContent refusal => new InputTextContent { Text = refusal.Refusal },
        ReasoningTextContent reasoning => new InputTextContent { Text = reasoning.Text },
        // OpenAI lists an image's detail always; a copy, so that the caller's item is left as it was.
        InputImageContent { Detail: null } image => new InputImageContent
        {
            ImageUrl = image.ImageUrl,
            FileId = image.FileId,
            Detail = DefaultImageDetail,
            AdditionalProperties = image.AdditionalProperties,
        },
        _ => part,
    };

    /// <summary>A part of an assistant message: output_text or refusal.</summary>
    /// <exception cref="ArgumentException">An image or a file: the server refuses them in a message before storing it.</exception>
    private static OutputContent OutputPart(InputContent part) => part switch
    {
        OutputTextContent or RefusalContent => (OutputContent)part,
        InputTextContent text => OutputText(text.Text),
        ReasoningTextContent reasoning => OutputText(reasoning.Text),
        _ => throw new ArgumentException($"An assistant message cannot list a {part.GetType().Name} part.", nameof(part)),
    };

    private static OutputTextContent OutputText(string text) => new() { Text = text };
}
