using System.Security.Cryptography;

namespace Responses.Server.Ids;

/// <summary>OpenAI-looking ids: the prefix, an underscore and 48 lowercase hex characters.</summary>
public sealed class RandomIdGenerator : IIdGenerator
{
    public string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[24];
        RandomNumberGenerator.Fill(bytes);
        return string.Concat(prefix, "_", Convert.ToHexStringLower(bytes));
    }
}
