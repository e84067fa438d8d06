using Microsoft.Extensions.Options;

namespace Responses.Server.Host.Auth;

/// <summary>A keys file that cannot be read stops the start: serving openly instead would be a silent downgrade.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKeysFile))
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            return File.ReadAllLines(options.ApiKeysFile).Any(line => line.Trim() is { Length: > 0 } key && !key.StartsWith('#'))
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"the API keys file '{options.ApiKeysFile}' (Auth:ApiKeysFile) holds no key.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"the API keys file '{options.ApiKeysFile}' (Auth:ApiKeysFile) cannot be read: {exception.Message}");
        }
    }
}
