using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Ids;
using Responses.Server.Runs.Conversation;
using Responses.Server.Runs.Images;
using Responses.Server.Storage;

namespace Responses.Server.Runs;

/// <summary>
/// The part of accepting a request every API shares, after its adapter validated it: the model (404), the store
/// pre-check (503 before any work when it is known to be down), the conversation the adapter builds (its history
/// loaded here, after those checks), the rendered prompt (fitted as the request says), sampling, the id and the time,
/// and one log line for what was accepted but not given to the model. Every refusal happens here, before a byte.
/// </summary>
public sealed class RunFactory(
    IModelCatalog catalog,
    IResponseStore store,
    CallerIdentity caller,
    IIdGenerator ids,
    TimeProvider clock,
    ILogger<RunFactory> logger)
{
    /// <summary>OpenAI's defaults, echoed in the Response when the request leaves them out.</summary>
    public const double DefaultTemperature = 1.0;

    public const double DefaultTopP = 1.0;

    /// <param name="conversation">Builds what the model is given, loading the request's history first if it has one.</param>
    public async Task<Run> CreateAsync(RunIntent intent, Func<CancellationToken, Task<BuiltConversation>> conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(conversation);
        var model = catalog.Require(intent.Model);
        if (intent.UsesStore && !store.IsAvailable)
        {
            throw new StoreUnavailableException("The response store's circuit is open.");
        }

        var built = await conversation(cancellationToken);
        var id = NewId(intent.IdPrefix);
        if (!model.Info.AcceptsImages && TextModelImages.Omit(built.Prompt) is ({ } textOnly, > 0 and var omitted))
        {
            built = built with { Prompt = textOnly };
            logger.LogInformation("{ResponseId}: {Omitted} image(s) given as \"{Placeholder}\": model {Model} does not accept images", id, omitted, TextModelImages.Placeholder, model.Info.Id);
        }

        var prompt = Render(model, built.Prompt, intent, id);
        var sampling = new SamplingSettings(intent.MaxOutputTokens, intent.Temperature ?? DefaultTemperature, intent.TopP ?? DefaultTopP, intent.Seed) { Logits = intent.Logits, Stop = intent.Stop, TopLogprobs = intent.TopLogprobs };
        foreach (var note in built.Notes)
        {
            logger.LogInformation("{ResponseId}: {Note}", id, note);
        }

        return new Run(model, prompt, sampling, id, clock.GetUtcNow().ToUnixTimeSeconds()) { Tools = built.Tools, Owner = caller.Owner };
    }

    /// <summary>OpenAI's ids for chat are "chatcmpl-…": the generator's "prefix_" form is not theirs.</summary>
    private string NewId(string prefix) => prefix == "chatcmpl" ? "chatcmpl-" + ids.NewId(prefix)[(prefix.Length + 1)..] : ids.NewId(prefix);

    private RenderedPrompt Render(ILanguageModel model, ChatPrompt prompt, RunIntent intent, string id)
    {
        if (intent.Fit == PromptFit.Refuse)
        {
            return model.Render(prompt);
        }

        var (rendered, dropped) = ContextTruncation.Fit(model, prompt, ContextTruncation.Reserve(intent.MaxOutputTokens, model.Info.ContextLength));
        if (dropped > 0)
        {
            logger.LogInformation("{ResponseId}: dropped the {Dropped} oldest messages to fit {Tokens} tokens in the {Context}-token context", id, dropped, rendered.TokenCount, model.Info.ContextLength);
        }

        return rendered;
    }
}
