/** A form field's error, linked from the field by `aria-describedby={id}`; nothing when there is none. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null
}
