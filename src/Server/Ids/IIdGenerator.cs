namespace Responses.Server.Ids;

/// <summary>Makes object ids; injected so tests and snapshots get deterministic ids without scrubbing.</summary>
public interface IIdGenerator
{
    /// <summary>A new id such as "resp_…" or "msg_…".</summary>
    string NewId(string prefix);
}
