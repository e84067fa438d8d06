using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Batching;

/// <summary>
/// Builds ORT GenAI <see cref="Sequences"/> from token ids. The C# wrapper only makes them by tokenizing text, which
/// would not reproduce a rendered prompt's ids exactly, so the ids go in through the C API's own calls and the
/// wrapper takes ownership of the native handle.
/// </summary>
internal static partial class TokenSequences
{
    private const string Library = OgaResult.Library;

    public static Sequences Create(IReadOnlyList<int[]> rows)
    {
        OgaResult.Check(OgaCreateSequences(out var handle));
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                foreach (var token in rows[i])
                    OgaResult.Check(OgaAppendTokenToSequence(token, handle, (nuint)i));
            }
        }
        catch
        {
            OgaDestroySequences(handle);
            throw;
        }
        return Wrap(handle);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern Sequences Wrap(IntPtr handle);

    [LibraryImport(Library)]
    private static partial IntPtr OgaCreateSequences(out IntPtr sequences);

    [LibraryImport(Library)]
    private static partial IntPtr OgaAppendTokenToSequence(int token, IntPtr sequences, nuint sequenceIndex);

    [LibraryImport(Library)]
    private static partial void OgaDestroySequences(IntPtr sequences);
}
