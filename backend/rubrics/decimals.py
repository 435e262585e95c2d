"""Read and write the exact decimal numbers that rubrics score with."""
from decimal import Decimal, InvalidOperation


def to_decimal(value: object) -> Decimal | None:
    """Return a finite Decimal for an int, float, Decimal or numeric string, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        # str() of a float is its shortest repr, so 0.1 stays 0.1 rather than 0.1000000000000000055...
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def decimal_places(value: Decimal) -> int:
    """Count the decimal places of a finite Decimal, ignoring trailing zeros."""
    # Read the digits rather than normalize(), which rounds to the context precision.
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN and infinities carry a letter here
        raise ValueError(f"not a finite number: {value}")
    significant = "".join(map(str, digits)).rstrip("0")
    if not significant:
        return 0
    return max(0, -exponent - (len(digits) - len(significant)))


def decimal_text(value: Decimal) -> str:
    """Write a Decimal plainly, without exponent or trailing zeros: 87.5, 100, -4."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
