using Microsoft.Extensions.Options;

namespace Responses.Server.Storage;

/// <summary>Refuses a store configuration that cannot work, at startup, naming the setting to fix.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Spec) && !StoreSpec.TryParse(options.Spec, out _, out var specError))
        {
            failures.Add(specError);
        }

        if (options.Backend == StoreBackend.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("The postgres store needs a connection string: --store postgres:CONNECTION_STRING or Store:ConnectionString.");
        }

        if (options.MaxResponses < 1)
        {
            failures.Add($"Store:MaxResponses must be at least 1 (got {options.MaxResponses}).");
        }

        if (options.MaxBytes < 1)
        {
            failures.Add($"Store:MaxBytes must be at least 1 (got {options.MaxBytes}).");
        }

        if (!(options.MaxAgeDays > 0))
        {
            failures.Add($"Store:MaxAgeDays must be more than 0 (got {options.MaxAgeDays}).");
        }

        failures.AddRange(ValidateResilience(options.Resilience));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Polly's own limits, said in our setting names rather than as Polly's validation exception at first use.
    private static IEnumerable<string> ValidateResilience(StoreResilienceOptions resilience)
    {
        if (resilience.RetryAttempts is < 0 or > 10)
        {
            yield return $"Store:Resilience:RetryAttempts must be 0 to 10 (got {resilience.RetryAttempts}).";
        }

        if (resilience.RetryDelayMilliseconds is < 0 or > 10_000)
        {
            yield return $"Store:Resilience:RetryDelayMilliseconds must be 0 to 10000 (got {resilience.RetryDelayMilliseconds}).";
        }

        if (resilience.FailureRatio is <= 0 or > 1)
        {
            yield return $"Store:Resilience:FailureRatio must be more than 0 and at most 1 (got {resilience.FailureRatio}).";
        }

        if (resilience.MinimumThroughput < 2)
        {
            yield return $"Store:Resilience:MinimumThroughput must be at least 2 (got {resilience.MinimumThroughput}).";
        }

        if (resilience.SamplingSeconds < 0.5)
        {
            yield return $"Store:Resilience:SamplingSeconds must be at least 0.5 (got {resilience.SamplingSeconds}).";
        }

        if (resilience.BreakSeconds < 0.5)
        {
            yield return $"Store:Resilience:BreakSeconds must be at least 0.5 (got {resilience.BreakSeconds}).";
        }
    }
}
