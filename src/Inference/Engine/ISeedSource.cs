namespace Responses.Inference.Engine;

/// <summary>
/// Seeds for requests that bring none. Injected so tests can pin them; every generator gets an explicit seed
/// because an unset one makes ORT GenAI read the OS random device (measured 12-14 ms per request).
/// </summary>
public interface ISeedSource
{
    ulong NextSeed();
}
