// Package pack turns an exercise tree into a deterministic tar.gz and back.
//
// drill embeds its curriculum compressed, not as raw files, so that the
// hidden tests and reference solutions cannot be read out of the binary
// with strings(1). The archive is committed, so it must not change unless
// the tree does: entries are sorted and carry no time, owner or mode of the
// machine that wrote them.
package pack

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"testing/fstest"
	"time"
)

// fileMode is every entry's mode: the author's umask or executable bits
// mean nothing to a learner's copy.
const fileMode = 0o644

// maxFile bounds one entry, so a corrupt header cannot ask Decode for an
// absurd allocation; no exercise file comes near it.
const maxFile = 64 << 20

// epoch stands in for every modification time, stated rather than left to
// how the tar writer treats a zero time.Time.
var epoch = time.Unix(0, 0)

// Files reads every regular file under fsys into a map keyed by slash path.
// Anything else (a symlink, a device) is an error, because the archive
// could not reproduce it and an embedded tree never held one.
func Files(fsys fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file (%s)", p, d.Type())
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files[p] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// Write writes files as a gzip'd tar: sorted by path, regular files only,
// fixed mode, epoch times, no owner, and a gzip header with neither name nor
// time. The same files always give the same bytes with the same Go release.
func Write(w io.Writer, files map[string][]byte) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !fs.ValidPath(name) || name == "." {
			return fmt.Errorf("pack: %q is not a clean relative path", name)
		}
		data := files[name]
		hdr := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     name,
			Mode:     fileMode,
			Size:     int64(len(data)),
			ModTime:  epoch,
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("pack: %s: %w", name, err)
		}
		if _, err := tw.Write(data); err != nil {
			return fmt.Errorf("pack: %s: %w", name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// Encode is Write into a byte slice.
func Encode(files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, files); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decode reads an archive made by Write back into a map keyed by path. It
// refuses what Write never produces (links, directories, unclean or
// repeated names), so a hand-edited archive cannot smuggle a path out of
// the tree or shadow one file with another.
func Decode(archive []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("pack: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("pack: %s is not a regular file (type %q)", hdr.Name, hdr.Typeflag)
		}
		if !fs.ValidPath(hdr.Name) || hdr.Name == "." {
			return nil, fmt.Errorf("pack: %q is not a clean relative path", hdr.Name)
		}
		if _, dup := files[hdr.Name]; dup {
			return nil, fmt.Errorf("pack: %s appears twice", hdr.Name)
		}
		// Size the buffer from the header (one allocation, not ReadAll's
		// doubling); a size the stream does not back fails ReadFull.
		if hdr.Size < 0 || hdr.Size > maxFile {
			return nil, fmt.Errorf("pack: %s: size %d out of range", hdr.Name, hdr.Size)
		}
		data := make([]byte, hdr.Size)
		if _, err := io.ReadFull(tr, data); err != nil {
			return nil, fmt.Errorf("pack: %s: %w", hdr.Name, err)
		}
		files[hdr.Name] = data
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	return files, nil
}

// FS decodes an archive into a read-only file system. Directories are
// implied by the paths, as they were in the embedded tree.
func FS(archive []byte) (fs.FS, error) {
	files, err := Decode(archive)
	if err != nil {
		return nil, err
	}
	m := make(fstest.MapFS, len(files))
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: data, Mode: 0o444}
	}
	// Hide the map behind fs.FS alone: the curriculum is decoded once and
	// shared, so a caller must not be able to assert it back to a MapFS
	// and edit it. Reads stay safe, since MapFS copies on every read.
	return readOnly{m}, nil
}

type readOnly struct{ fsys fs.FS }

func (r readOnly) Open(name string) (fs.File, error) { return r.fsys.Open(name) }

// Diff names the paths whose contents differ between want and got (missing
// from either side or changed), sorted.
func Diff(want, got map[string][]byte) []string {
	var diff []string
	for name, w := range want {
		if g, ok := got[name]; !ok || !bytes.Equal(w, g) {
			diff = append(diff, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diff = append(diff, name)
		}
	}
	slices.Sort(diff)
	return diff
}
