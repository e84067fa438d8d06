using Microsoft.Extensions.Options;

namespace Responses.Inference.Scheduling;

internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var errors = new List<string>();
        if (options.MaxConcurrency is < 1)
            errors.Add($"{SchedulerOptions.SectionName}:MaxConcurrency (--max-concurrency) must be at least 1.");
        if (options.QueueLength < 0)
            errors.Add($"{SchedulerOptions.SectionName}:QueueLength (--queue) must be 0 (no waiting) or more.");
        if (options.MaxGenerationMemoryMiB is < 1)
            errors.Add($"{SchedulerOptions.SectionName}:MaxGenerationMemoryMiB must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
