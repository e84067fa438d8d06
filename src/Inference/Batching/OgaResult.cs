using System.Runtime.InteropServices;

namespace Responses.Inference.Batching;

/// <summary>The C API's error funnel, for the calls the C# wrapper does not make: a non-null OgaResult is an error.</summary>
internal static partial class OgaResult
{
    internal const string Library = "onnxruntime-genai";

    public static void Check(IntPtr result)
    {
        if (result == IntPtr.Zero)
            return;
        var message = Marshal.PtrToStringUTF8(OgaResultGetError(result)) ?? "unknown error";
        OgaDestroyResult(result);
        throw new InvalidOperationException(message);
    }

    [LibraryImport(Library)]
    private static partial IntPtr OgaResultGetError(IntPtr result);

    [LibraryImport(Library)]
    private static partial void OgaDestroyResult(IntPtr result);
}
