"""Precheck of matmul: finds what the statement forbids in steps/, before anything is compiled.

Run by the grader as `lint.py [SUBMISSION]` (default /box/submission); prints
{"findings": [{"file", "line", "message", "tests"}]}. A finding makes that step's tests SV.
The performance driver (harness/grade.py) imports `findings` too, so that a forbidden step is
never the one measured. Comments and string literals are blanked before matching, so a comment
that mentions `#pragma omp` or OpenBLAS is harmless; the contents of _Pragma("...") and of
attributes are still read, because they change how the code is compiled.
"""
import bisect
import json
import os
import re
import sys

STEP = re.compile(r"^step([1-9])\.(c|cc)$")
GROUPS = ("public", "correctness")

# Pragmas that change nothing about the generated code.
HARMLESS_PRAGMA = re.compile(r"^(once|pack\b|message\b|GCC\s+(diagnostic|poison|system_header|warning|error)\b)")
ATTRIBUTE = re.compile(r"__attribute__\s*\(\(")
ATTRIBUTE_WORDS = re.compile(r"\b_*(optimize|target|target_clones)_*\b")
STD_ATTRIBUTE = re.compile(r"\[\[\s*(gnu|__gnu__)\s*::\s*_*(optimize|target|target_clones)_*\b")
INCLUDE = re.compile(r"^\s*#\s*include\s*([<\"])([^>\"]+)[>\"]")
LIBRARY_HEADER = re.compile(
    r"(^|/)(cblas|f77blas|openblas\w*|blas\w*|lapack\w*|mkl\w*|blis\w*|omp|tbb|Eigen|armadillo\w*|gsl)(\.h|\.hpp|/|$)",
    re.IGNORECASE)
LIBRARY_CALL = re.compile(r"\b(cblas_\w+|\w*dgemm\w*|openblas_\w+|omp_\w+|mkl_\w+|bli_\w+)\b")
ASM = re.compile(r"\b(__asm__|__asm|asm)\b(\s*(volatile|__volatile__|goto|inline)\b)*\s*\(")
ASM_NAMES = re.compile(r"\b(cblas_\w+|\w*dgemm\w*|openblas_\w+|omp_\w+|mkl_\w+|bli_\w+|dlopen|dlsym|dlmopen|system|popen|"
                       r"exec[lv]\w*|fexecve|posix_spawn\w*)\b")
PROGRAM_CALL = re.compile(r"\b(dlopen|dlsym|dlmopen|system|popen|execl|execle|execlp|execv|execve|execvp|execvpe|"
                          r"fexecve|posix_spawn|posix_spawnp)\s*\(")


def blank(source, strings=True):
    """The source with comments (and, when `strings`, the insides of string and character
    literals) replaced by spaces; newlines stay, so line numbers stay right."""
    out, i, n = [], 0, len(source)
    while i < n:
        two = source[i:i + 2]
        if two == "//":
            j = source.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif two == "/*":
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", source[i:j]))
            i = j
        elif source[i] in "\"'":
            quote, j = source[i], i + 1
            while j < n and source[j] != quote and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(quote + re.sub(r"[^\n]", " ", source[i + 1:j - 1]) + quote if strings else source[i:j])
            i = j
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


def line_index(text):
    """The offsets at which the lines of text start, for line_of."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def line_of(starts, index):
    """The 1-based line of offset index, from line_index(text): a bisection, so that many matches in
    a large file cost no more than one pass over it."""
    return bisect.bisect_right(starts, index)


def closing(text):
    """For every "(" of text, the offset just past its matching ")", or len(text) when it is never
    closed: one pass with a stack instead of a scan from each match."""
    ends, stack = {}, []
    for m in re.finditer(r"[()]", text):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            ends[stack.pop()] = m.end()
    for start in stack:
        ends[start] = len(text)
    return ends


def pragma_problem(body):
    body = body.strip()
    if HARMLESS_PRAGMA.match(body):
        return None
    if re.match(r"omp\b", body):
        return "OpenMP is not allowed (#pragma omp)"
    if re.match(r"GCC\s+(optimize|target|push_options|pop_options|reset_options)\b", body):
        return "optimisation pragmas are not allowed: the grader's flags are fixed (#pragma %s)" % body
    return "only harmless pragmas (once, pack, message, GCC diagnostic) are allowed, not #pragma %s" % body


def scan(path):
    """Findings of one source file as (line, message)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        raw = f.read()
    code, with_strings = blank(raw), blank(raw, strings=False)
    starts = line_index(raw)
    problems = []
    for match in re.finditer(r"^[ \t]*#[ \t]*pragma\b([^\n]*)", with_strings, re.MULTILINE):
        problem = pragma_problem(match.group(1))
        if problem:
            problems.append((line_of(starts, match.start()), problem))
    for match in re.finditer(r"\b_Pragma\s*\(\s*\"((?:[^\"\\]|\\.)*)\"", with_strings):
        problem = pragma_problem(match.group(1).replace('\\"', '"'))
        if problem:
            problems.append((line_of(starts, match.start()), problem))
    ends = closing(with_strings)
    # Every word of code that ATTRIBUTE_WORDS matches, found once: an attribute's first one is a
    # bisection away. The words are \b-bounded and each attribute's text starts after "((" and ends
    # after ")", so this finds exactly what a search of each attribute's text would.
    words_all = list(ATTRIBUTE_WORDS.finditer(code))
    word_starts = [w.start() for w in words_all]
    for match in ATTRIBUTE.finditer(with_strings):
        j = ends.get(match.end() - 2, len(with_strings))
        first = bisect.bisect_left(word_starts, match.end())
        words = words_all[first] if first < len(words_all) and words_all[first].end() <= j else None
        if words:
            problems.append((line_of(starts, match.start()),
                             "optimisation attributes are not allowed: __attribute__((%s ...))" % words.group(1)))
    for match in STD_ATTRIBUTE.finditer(code):
        problems.append((line_of(starts, match.start()),
                         "optimisation attributes are not allowed: [[gnu::%s]]" % match.group(2)))
    for number, line in enumerate(with_strings.split("\n"), 1):
        include = INCLUDE.match(line)
        if include and LIBRARY_HEADER.search(include.group(2)):
            header = include.group(2)
            what = "OpenMP is" if re.search(r"(^|/)omp\.h$", header) else "external libraries are"
            problems.append((number, "%s not allowed (#include %s%s%s)" % (
                what, include.group(1), header, ">" if include.group(1) == "<" else '"')))
    # Inline assembly may call a function by name from inside its string.
    # The text of each asm(...) is read once: the spans of nested or unclosed asm( are merged (an
    # inner span lies inside the outer one, an unclosed one runs to the end), so that a file of many
    # unclosed asm( is not scanned once per match; each span starts after "(" and ends after ")",
    # so the \b-bounded names found are the same.
    code_ends, spans = closing(code), []
    for match in ASM.finditer(code):
        start, j = match.end(), code_ends.get(match.end() - 1, len(code))
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], j)
        else:
            spans.append([start, j])
    for start, j in spans:
        for name in ASM_NAMES.finditer(with_strings, start, j):
            problems.append((line_of(starts, name.start()),
                             "calling libraries or programs from inline assembly is not allowed (%s)" % name.group(1)))
    for number, line in enumerate(code.split("\n"), 1):
        if line.lstrip().startswith("#"):
            continue
        for match in LIBRARY_CALL.finditer(line):
            problems.append((number, "external libraries are not allowed (%s)" % match.group(1)))
        for match in PROGRAM_CALL.finditer(line):
            problems.append((number, "loading libraries or starting programs is not allowed (%s)" % match.group(1)))
    return sorted(set(problems))


def step_files(root):
    folder = os.path.join(root, "steps")
    if not os.path.isdir(folder):
        return []
    names = [n for n in os.listdir(folder) if STEP.match(n) and os.path.isfile(os.path.join(folder, n))]
    return sorted(names)


MAX_INCLUDES = 20
MAX_FINDINGS_PER_FILE = 20


def included(path):
    """The files path includes with #include "x" from its own folder, in order."""
    with open(path, encoding="utf-8", errors="replace") as f:
        code = blank(f.read(), strings=False)
    folder = os.path.dirname(path)
    for line in code.split("\n"):
        include = INCLUDE.match(line)
        if not include or include.group(1) != '"':
            continue
        target = os.path.normpath(os.path.join(folder, include.group(2)))
        if target.startswith(folder + os.sep) and os.path.isfile(target) and not os.path.islink(target):
            yield target


def local_includes(path, seen=None, limit=MAX_INCLUDES):
    """Files a step pulls in with #include "x" from its own folder, recursively, in depth-first
    order, at most `limit` of them: iterative, so that a deep chain of includes cannot exhaust
    the stack, and no file is read once `limit` are found."""
    seen = [] if seen is None else seen
    stack = [included(path)]
    while stack and len(seen) < limit:
        target = next(stack[-1], None)
        if target is None:
            stack.pop()
        elif target not in seen:
            seen.append(target)
            stack.append(included(target))
    return seen


def findings(root):
    result = []
    for name in step_files(root):
        step = STEP.match(name).group(1)
        tests = ["%s/step%s" % (group, step) for group in GROUPS]
        path = os.path.join(root, "steps", name)
        for source in [path] + local_includes(path):
            relative = os.path.relpath(source, root)
            # A step with any finding is SV whatever their number: the first few are enough to say
            # why, and keep the precheck's output small when a file repeats one forbidden thing.
            for line, message in scan(source)[:MAX_FINDINGS_PER_FILE]:
                result.append({"file": relative, "line": line, "message": message, "tests": tests})
    return result


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/box/submission"
    print(json.dumps({"findings": findings(root)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
