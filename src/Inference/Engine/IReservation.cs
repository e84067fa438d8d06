namespace Responses.Inference.Engine;

/// <summary>
/// An admitted sequence's share of the KV-cache memory budget. Admission reserves what a lone generation of the
/// request would allocate; the loop resizes it to what the lane it is placed in really allocates (a batch sized by
/// its longest row, a kept generator's own buffer), so what is reserved is what is allocated.
/// </summary>
internal interface IReservation
{
    long Bytes { get; }

    /// <summary>
    /// Resizes the reservation; false (and unchanged) when growing it would pass the budget, unless
    /// <paramref name="force"/>: the lane is decided and its memory allocated, and the budget must say so.
    /// </summary>
    bool TryResize(long bytes, bool force = false);
}
