"""The lines a benchmark ends with, one per target: `TARGET <name>: <value> <op> <bound> PASS|FAIL`."""
import operator

_HOLDS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, ">=": operator.ge}


def target(name: str, value, op: str, bound, digits: int = 2) -> str:
    """The line for one target; a float value is shown with `digits` decimals."""
    shown = f"{value:.{digits}f}" if isinstance(value, float) else value
    return f"TARGET {name}: {shown} {op} {bound} {'PASS' if _HOLDS[op](value, bound) else 'FAIL'}"


def report(lines: list[str]) -> int:
    """Print the target lines after a blank line; the exit status is 0 when all of them pass."""
    print()
    print("\n".join(lines))
    return 0 if all(line.endswith(" PASS") for line in lines) else 1
