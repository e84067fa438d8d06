using Microsoft.Extensions.Options;

namespace Responses.Server.Runs.EncryptedReasoning;

/// <summary>
/// A key option or key file that holds no key stops the start, rather than failing the first request that seals or
/// opens reasoning. A key file that does not exist yet is fine: it is made when first needed.
/// </summary>
internal sealed class ReasoningOptionsValidator : IValidateOptions<ReasoningOptions>
{
    public ValidateOptionsResult Validate(string? name, ReasoningOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Key))
            return Result(ReasoningKey.Problem(options.Key, "Reasoning:Key"));
        if (string.IsNullOrWhiteSpace(options.KeyFile) || !File.Exists(options.KeyFile))
            return ValidateOptionsResult.Success;
        try
        {
            return Result(ReasoningKey.Problem(File.ReadAllText(options.KeyFile), $"the key file '{options.KeyFile}' (Reasoning:KeyFile)"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"the key file '{options.KeyFile}' (Reasoning:KeyFile) cannot be read: {exception.Message}");
        }
    }

    private static ValidateOptionsResult Result(string? problem) =>
        problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
}
