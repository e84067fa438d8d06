using Microsoft.Extensions.Options;

namespace Responses.Inference.Catalog;

/// <summary>Rejects settings that could only fail later, deep in model loading, with a worse message.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var errors = new List<string>();
        if (options.ModelPath is not null && string.IsNullOrWhiteSpace(options.ModelPath))
            errors.Add($"{InferenceOptions.SectionName}:ModelPath is empty; leave it unset to serve the embedded model.");
        if (options.ModelId is not null && (options.ModelId.Length == 0 || options.ModelId.Any(char.IsWhiteSpace)))
            errors.Add($"{InferenceOptions.SectionName}:ModelId must be non-empty and contain no whitespace.");
        if (options.ModelId is not null && options.ModelPath is null && options.Models.Count > 0)
            errors.Add($"{InferenceOptions.SectionName}:ModelId names the model of {InferenceOptions.SectionName}:ModelPath or the embedded model; with {InferenceOptions.SectionName}:Models give each entry its Id.");
        for (var i = 0; i < options.Models.Count; i++)
        {
            var source = options.Models[i];
            if (string.IsNullOrWhiteSpace(source.Path))
                errors.Add($"{InferenceOptions.SectionName}:Models:{i}:Path is missing; every listed model needs its folder.");
            if (source.Id is not null && (source.Id.Length == 0 || source.Id.Any(char.IsWhiteSpace)))
                errors.Add($"{InferenceOptions.SectionName}:Models:{i}:Id must be non-empty and contain no whitespace.");
        }
        if (options.CacheDirectory is not null && string.IsNullOrWhiteSpace(options.CacheDirectory))
            errors.Add($"{InferenceOptions.SectionName}:CacheDirectory is empty; leave it unset for the default.");
        if (options.ChatTemplate is not null && string.IsNullOrWhiteSpace(options.ChatTemplate))
            errors.Add($"{InferenceOptions.SectionName}:ChatTemplate is empty; leave it unset to use the model's template.");
        if (options.PromptCacheEntries < 0)
            errors.Add($"{InferenceOptions.SectionName}:PromptCacheEntries must be 0 (no prompt cache) or positive.");
        if (options.PromptCacheMiB < 0)
            errors.Add($"{InferenceOptions.SectionName}:PromptCacheMiB must be 0 or positive.");
        if (options.PrefillChunkTokens < 0)
            errors.Add($"{InferenceOptions.SectionName}:PrefillChunkTokens must be 0 (no chunking) or positive.");
        if (options.DefaultMaxOutputTokens < 1)
            errors.Add($"{InferenceOptions.SectionName}:DefaultMaxOutputTokens must be at least 1.");
        if (!(options.StalledReaderTimeoutSeconds > 0))
            errors.Add($"{InferenceOptions.SectionName}:StalledReaderTimeoutSeconds must be more than 0.");
        if (options.MaxBatchSize < 1)
            errors.Add($"{InferenceOptions.SectionName}:MaxBatchSize must be at least 1 (1: no batching).");
        if (options.Threads is < 1)
            errors.Add($"{InferenceOptions.SectionName}:Threads must be at least 1.");
        if (options.ParallelRuns is < 1 or > 64)
            errors.Add($"{InferenceOptions.SectionName}:ParallelRuns must be 1 to 64.");
        if (options.BatchWindowMilliseconds < 0)
            errors.Add($"{InferenceOptions.SectionName}:BatchWindowMilliseconds must be 0 or positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
