namespace Responses.Inference.Hub;

/// <summary>Recognises "no space left on device" among I/O errors, on Linux (ENOSPC) and Windows (ERROR_DISK_FULL).</summary>
internal static class DiskFull
{
    private const int Enospc = 28;
    private const int ErrorHandleDiskFull = 39;
    private const int ErrorDiskFull = 112;

    public static bool Is(IOException exception) =>
        (exception.HResult & 0xFFFF) is Enospc or ErrorHandleDiskFull or ErrorDiskFull
        || exception.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase);
}
