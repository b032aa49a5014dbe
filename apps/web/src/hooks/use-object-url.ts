import { useEffect, useState } from 'react';

/** A `blob:` URL for `text`, revoked when the text changes or the component unmounts. */
export function useObjectUrl(text: string, type = 'text/plain'): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const next = URL.createObjectURL(new Blob([text], { type }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [text, type]);
  return url;
}
