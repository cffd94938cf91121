namespace Intern.Grading.Sandbox;

/// <summary>Why a tar stream coming out of a sandbox was refused.</summary>
public enum UnsafeArchiveKind
{
    /// <summary>A link, device, pipe, absolute or escaping path, or duplicate: a forbidden action (SV).</summary>
    Forbidden,

    /// <summary>Too many entries, a file over its cap, or files over the total cap: output limit exceeded (OLE).</summary>
    TooLarge,

    /// <summary>
    /// Not a readable tar. With a tar built by the container engine this is a platform fault (XX);
    /// with one built by a program inside the sandbox it may be the candidate's doing.
    /// </summary>
    Malformed,
}

/// <summary>A tar stream from inside a sandbox was refused; <see cref="Kind"/> says which verdict it earns.</summary>
public sealed class UnsafeArchiveException : Exception
{
    public UnsafeArchiveException(UnsafeArchiveKind kind, string message) : base(message) => Kind = kind;

    public UnsafeArchiveException(UnsafeArchiveKind kind, string message, Exception inner) : base(message, inner) => Kind = kind;

    public UnsafeArchiveException() : this(UnsafeArchiveKind.Forbidden, "the archive was refused") { }

    public UnsafeArchiveException(string message) : this(UnsafeArchiveKind.Forbidden, message) { }

    public UnsafeArchiveException(string message, Exception inner) : this(UnsafeArchiveKind.Forbidden, message, inner) { }

    public UnsafeArchiveKind Kind { get; }
}
