using System.Runtime.InteropServices;

namespace Responses.Inference.Engine;

/// <summary>
/// glibc's malloc_trim. What ORT frees (arena regions, per-run buffers) mostly stays in glibc's heaps: each free of
/// a large mmapped block raises glibc's mmap threshold to that size (up to 32 MB), so later blocks of that size come
/// from heaps it only shrinks from the top, and each generation thread can get a heap of its own. malloc_trim(0)
/// returns the free pages of every heap to the OS.
/// </summary>
internal sealed unsafe class GlibcHeap
{
    private readonly delegate* unmanaged<nuint, int> mallocTrim;

    private GlibcHeap(nint mallocTrim) => this.mallocTrim = (delegate* unmanaged<nuint, int>)mallocTrim;

    /// <summary>Null off Linux and on a C library without malloc_trim (musl), where there is nothing to call.</summary>
    public static GlibcHeap? TryOpen()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        // glibc's soname; musl names its library differently, so this also tells the two apart. Never freed: libc stays loaded anyway.
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc))
            return null;
        return NativeLibrary.TryGetExport(libc, "malloc_trim", out var trim) ? new GlibcHeap(trim) : null;
    }

    /// <summary>Walks every heap under its lock, so it belongs to idle time, not between tokens.</summary>
    public void Trim() => mallocTrim(0);
}
