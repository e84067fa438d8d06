using Microsoft.Extensions.Options;

namespace Responses.Inference.Hub;

/// <summary>Refuses Hub settings that could only fail later, in the middle of a download.</summary>
internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            errors.Add($"{HubOptions.SectionName}:Endpoint (or HF_ENDPOINT) must be an http or https address; got '{options.Endpoint}'.");
        if (options.MaxConcurrentDownloads < 1)
            errors.Add($"{HubOptions.SectionName}:MaxConcurrentDownloads must be at least 1.");
        if (!(options.StallTimeoutSeconds > 0))
            errors.Add($"{HubOptions.SectionName}:StallTimeoutSeconds must be more than 0.");
        if (options.MaxAttempts < 1)
            errors.Add($"{HubOptions.SectionName}:MaxAttempts must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
